import Foundation
import KakehashiLexicon
import KakehashiText

/// The cells a dynamic programme visits: for each row i (English position, 0...rows), the
/// columns lo[i]...hi[i] (Japanese positions), stored row after row.
struct Band {
    var lo: [Int], hi: [Int]
    /// Flat index of row i's first cell; `start[rows + 1]` is the number of cells.
    var start: [Int]

    var cells: Int { start.last ?? 0 }

    @inline(__always) func index(_ i: Int, _ j: Int) -> Int? {
        guard i >= 0, i < lo.count, j >= lo[i], j <= hi[i] else { return nil }
        return start[i] + j - lo[i]
    }

    init(lo: [Int], hi: [Int]) {
        self.lo = lo
        self.hi = hi
        var start = [0]
        start.reserveCapacity(lo.count + 1)
        for i in lo.indices { start.append(start[i] + hi[i] - lo[i] + 1) }
        self.start = start
    }

    static func full(rows: Int, columns: Int) -> Band {
        Band(lo: Array(repeating: 0, count: rows + 1), hi: Array(repeating: columns, count: rows + 1))
    }

    /// Cells that budget allows per sentence of the two documents.
    static let cellsPerSentence = 60

    /// A band following the chain of confident pairs: each row spans the chain's line near it,
    /// widened by 15 cells plus a quarter of the distance between the chain points around it (the
    /// less the chain says, the wider), and narrowed if the band would exceed its cell budget.
    /// Every row overlaps the next, so the end cell is always reachable. Needs at least one row.
    static func around(_ chain: [(i: Int, j: Int)], rows m: Int, columns n: Int) -> Band {
        var knots: [(i: Double, j: Double)] = [(0, 0)]
        for c in chain {
            knots.append((Double(c.i), Double(c.j)))
            knots.append((Double(c.i + 1), Double(c.j + 1)))
        }
        knots.append((Double(m), Double(n)))
        // Center column and distance between the surrounding knots, per row.
        var center = [Double](repeating: 0, count: m + 1), spread = [Double](repeating: 0, count: m + 1)
        var k = 0
        for i in 0...m {
            let x = Double(i)
            while k + 1 < knots.count - 1, knots[k + 1].i <= x { k += 1 }
            let a = knots[k], b = knots[k + 1]
            center[i] = b.i > a.i ? a.j + (b.j - a.j) * (x - a.i) / (b.i - a.i) : b.j
            spread[i] = max(b.i - a.i, b.j - a.j)
        }
        let budget = max(SentenceAligner.fullTableCells, cellsPerSentence * (m + n))
        var extraCap = 200.0
        while true {
            var lo = [Int](repeating: 0, count: m + 1), hi = [Int](repeating: n, count: m + 1)
            var total = 0
            for i in 0...m {
                let near = [center[max(0, i - 1)], center[i], center[min(m, i + 1)]]
                let width = 15 + min(extraCap, 0.25 * spread[i])
                lo[i] = max(0, Int((near.min()! - width).rounded(.down)))
                hi[i] = min(n, Int((near.max()! + width).rounded(.up)))
            }
            lo[0] = 0
            hi[m] = n
            for i in 1...m { hi[i] = max(hi[i], hi[i - 1]) }
            for i in stride(from: m - 1, through: 0, by: -1) { lo[i] = min(lo[i], lo[i + 1]) }
            for i in 0...m { total += hi[i] - lo[i] + 1 }
            if total <= budget || extraCap < 1 { return Band(lo: lo, hi: hi) }
            extraCap /= 2
        }
    }
}
