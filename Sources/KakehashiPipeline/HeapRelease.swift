import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Hands the heap's free pages back to the system between the slices of a large ingest. glibc's
/// allocator keeps memory that a slice's pairing freed (each worker thread has an arena of its
/// own), so without this the process's resident size grows towards the sum of the slices instead
/// of the largest one. Found at run time (`dlsym`), since the Swift Glibc module does not export
/// `malloc.h`; elsewhere it does nothing. Public so that benchmarks start each phase from the
/// same state.
public enum HeapRelease {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: Trim.self)
        #else
            return nil
        #endif
    }()

    /// Returns free heap pages to the system (`malloc_trim(0)`).
    public static func releaseFreePages() {
        _ = trim?(0)
    }
}
