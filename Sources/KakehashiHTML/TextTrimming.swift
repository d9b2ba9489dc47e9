extension String {
    /// The string without white space (Unicode's, NBSP and ideographic space included) at either
    /// end; native, without Foundation's bridging.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}

extension Substring {
    var trimmedWhitespace: String { String(self).trimmedWhitespace }
}
