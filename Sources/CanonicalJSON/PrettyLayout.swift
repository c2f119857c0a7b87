/// Lays out canonical JSON text (as `JSONWriter` writes it: no white space) for people to read:
/// a container whose one-line form (`[1, 2]`, `{"a": 1}`) fits in the width left at its indent
/// stays on one line, any other puts one member per line, indented by two. Width is counted in
/// characters as `String.count` counts them, so accented and emoji ids line up as they look.
///
/// It works on the bytes, not on a parsed tree: reports are written with `JSONWriter` and laid
/// out straight from its bytes, with no tree built, no String per value and nothing released
/// value by value (a crowded day's 14 MB JSON report spent 0.37 s parsing, laying out and
/// freeing a tree, on the critical path of `replay record`). Each container's one-line form is
/// tried only until it is too wide, so the text is read a few times at most.
public struct PrettyLayout {
    private let input: UnsafeBufferPointer<UInt8>
    private let width: Int
    private var output: [UInt8] = []
    /// Scratch space for one-line forms, reused by every container.
    private var line: [UInt8] = []
    /// Scratch stack of the closing brackets a one-line form owes.
    private var closers: [UInt8] = []

    private init(input: UnsafeBufferPointer<UInt8>, width: Int) {
        self.input = input
        // Below 0 every container breaks just as at 0; clamped, `width - indent` cannot overflow.
        self.width = max(width, 0)
        output.reserveCapacity(input.count + input.count / 2 + 16)
    }

    /// The laid-out text with a final newline, or nil when `canonical` turns out not to be one
    /// JSON value written without white space (then the caller has the text as it is). Its
    /// structure is checked (brackets, keys, colons and commas where they belong); its scalars
    /// are copied as they are: this is for text `JSONWriter` wrote.
    public static func text(ofCanonical canonical: [UInt8], width: Int = 100) -> String? {
        canonical.withUnsafeBufferPointer { input -> String? in
            var layout = PrettyLayout(input: input, width: width)
            guard let end = layout.value(at: 0, indent: 0), end == input.count else { return nil }
            layout.output.append(UInt8(ascii: "\n"))
            return String(decoding: layout.output, as: UTF8.self)
        }
    }

    /// Deeper nesting is refused rather than laid out by ever deeper recursion (JSONParser
    /// refuses more than 64 levels; what JSONWriter writes for reports has under ten).
    static let maximumDepth = 1_000

    private static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":"), quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\"), space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")

    private func byte(_ index: Int) -> UInt8? { index < input.count ? input[index] : nil }

    private static func closing(_ opening: UInt8) -> UInt8? {
        switch opening {
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "{"): UInt8(ascii: "}")
        default: nil
        }
    }

    /// Writes the value starting at `start`; returns where it ends, or nil when it is malformed.
    private mutating func value(at start: Int, indent: Int) -> Int? {
        guard let opening = byte(start), let closing = Self.closing(opening) else {
            guard let end = scalarEnd(at: start) else { return nil }
            output.append(contentsOf: input[start..<end])
            return end
        }
        guard indent / 2 < Self.maximumDepth else { return nil }
        if byte(start + 1) == closing {
            output.append(opening)
            output.append(closing)
            return start + 2
        }
        line.removeAll(keepingCapacity: true)
        if let end = inline(at: start, limit: width - indent), Self.fits(line[...], width - indent) {
            output.append(contentsOf: line)
            return end
        }
        output.append(opening)
        output.append(Self.newline)
        var position = start + 1
        while true {
            output.append(contentsOf: repeatElement(Self.space, count: indent + 2))
            if closing == UInt8(ascii: "}") {
                guard byte(position) == Self.quote, let keyEnd = scalarEnd(at: position), byte(keyEnd) == Self.colon
                else { return nil }
                output.append(contentsOf: input[position..<keyEnd])
                output.append(Self.colon)
                output.append(Self.space)
                position = keyEnd + 1
            }
            guard let end = value(at: position, indent: indent + 2) else { return nil }
            position = end
            if byte(position) == Self.comma {
                output.append(Self.comma)
                output.append(Self.newline)
                position += 1
                continue
            }
            guard byte(position) == closing else { return nil }
            output.append(Self.newline)
            output.append(contentsOf: repeatElement(Self.space, count: indent))
            output.append(closing)
            return position + 1
        }
    }

    /// Appends the one-line form of the container at `start` to `line` and returns where it ends,
    /// or nil as soon as it is wider than `limit` (or malformed), with `line` left part-written.
    /// The width is checked after each token at any depth: the line so far is a prefix of the
    /// whole, never counted wider than it, so once it is too wide the whole is too. The structure
    /// is checked as it is read (what may follow each token), as the multi-line form checks it.
    private mutating func inline(at start: Int, limit: Int) -> Int? {
        var position = start
        closers.removeAll(keepingCapacity: true)
        var expected = Expected.value
        while let current = byte(position) {
            switch current {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard expected == .value || expected == .valueOrClose, closers.count < Self.maximumDepth,
                    let closing = Self.closing(current)
                else { return nil }
                closers.append(closing)
                line.append(current)
                position += 1
                expected = current == UInt8(ascii: "[") ? .valueOrClose : .keyOrClose
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard current == closers.last,
                    expected == .commaOrClose || expected == .valueOrClose || expected == .keyOrClose
                else { return nil }
                closers.removeLast()
                line.append(current)
                position += 1
                if closers.isEmpty { return position }
                expected = .commaOrClose
            case Self.comma:
                guard expected == .commaOrClose else { return nil }
                line.append(Self.comma)
                line.append(Self.space)
                position += 1
                expected = closers.last == UInt8(ascii: "]") ? .value : .key
            case Self.colon:
                guard expected == .colon else { return nil }
                line.append(Self.colon)
                line.append(Self.space)
                position += 1
                expected = .value
            default:
                let isKey = expected == .key || expected == .keyOrClose
                guard isKey ? current == Self.quote : expected == .value || expected == .valueOrClose,
                    let end = scalarEnd(at: position)
                else { return nil }
                line.append(contentsOf: input[position..<end])
                position = end
                expected = isKey ? .colon : .commaOrClose
            }
            if line.count > limit, !Self.fits(line[...], limit) { return nil }
        }
        return nil
    }

    /// What may come next in a one-line form.
    private enum Expected {
        case value, valueOrClose, key, keyOrClose, colon, commaOrClose
    }

    /// Where the scalar (string, number, true, false, null) at `start` ends.
    private func scalarEnd(at start: Int) -> Int? {
        guard let first = byte(start) else { return nil }
        var position = start + 1
        if first == Self.quote {
            while let current = byte(position) {
                if current == Self.quote { return position + 1 }
                position += current == Self.backslash ? 2 : 1
            }
            return nil
        }
        guard Self.isBare(first) else { return nil }
        while let current = byte(position), Self.isBare(current) { position += 1 }
        return position
    }

    /// Whether the byte can be part of a number, `true`, `false` or `null` (every number
    /// JSONParser keeps as `.number` is made of these). A scalar is copied as it is, not checked.
    private static func isBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    /// Whether `text` is at most `width` characters, as `String.count` counts them.
    static func fits(_ text: ArraySlice<UInt8>, _ width: Int) -> Bool {
        text.count <= width || String(decoding: text, as: UTF8.self).count <= width
    }
}
