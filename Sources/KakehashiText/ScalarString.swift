extension String {
    /// The string of a run of Unicode scalars, written as UTF-8 straight into the new string's
    /// storage: far cheaper than appending the scalars one by one to a `UnicodeScalarView`,
    /// which matters in the anchor finders' inner loops.
    @inlinable
    public init<Scalars: Collection>(scalars: Scalars) where Scalars.Element == Unicode.Scalar {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var written = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[written] = byte
                    written += 1
                }
            }
            return written
        }
    }
}
