/// The Windows-1251 (Cyrillic) code page, decoded by our own table.
///
/// Foundation's `String.Encoding.windowsCP1251` is unreliable on Linux, so Svod carries the
/// table itself. Bytes `0x00`–`0x7F` are ASCII; `0x80`–`0xFF` map through ``highHalf``.
/// Byte `0x98` is the one unassigned position.
enum Windows1251 {
    /// Unicode code points of bytes `0x80`–`0xFF`, indexed by `byte - 0x80`; `0` marks the
    /// unassigned `0x98`. Checked against Python's `cp1251` codec by a test fixture.
    static let highHalf: [UInt16] = [
        // 0x80
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        // 0x90
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        // 0xA0
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        // 0xB0
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        // 0xC0 А … П
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        // 0xD0 Р … Я
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        // 0xE0 а … п
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        // 0xF0 р … я
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]

    /// The UTF-8 form of each high-half byte packed little-endian into a `UInt32`, with the
    /// length in the top byte; `0` for the unassigned `0x98`.
    private static let utf8HighHalf: [UInt32] = highHalf.map { point in
        guard point != 0 else { return 0 }
        let value = UInt32(point)
        if value < 0x800 {
            let b0 = 0xC0 | (value >> 6)
            let b1 = 0x80 | (value & 0x3F)
            return b0 | b1 << 8 | 2 << 24
        }
        let b0 = 0xE0 | (value >> 12)
        let b1 = 0x80 | ((value >> 6) & 0x3F)
        let b2 = 0x80 | (value & 0x3F)
        return b0 | b1 << 8 | b2 << 16 | 3 << 24
    }

    /// The character a byte stands for, or `nil` for the unassigned `0x98`.
    static func scalar(for byte: UInt8) -> Unicode.Scalar? {
        if byte < 0x80 { return Unicode.Scalar(byte) }
        let point = highHalf[Int(byte - 0x80)]
        return point == 0 ? nil : Unicode.Scalar(point)
    }

    /// The byte that encodes a character, or `nil` if Windows-1251 has none for it.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < 0x80 { return UInt8(scalar.value) }
        guard scalar.value <= 0xFFFF,
              let index = highHalf.firstIndex(of: UInt16(scalar.value)) else { return nil }
        return UInt8(0x80 + index)
    }

    /// Encodes text, or returns `nil` if a character has no Windows-1251 byte.
    static func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Decodes Windows-1251 bytes to UTF-8 bytes.
    ///
    /// - Returns: The UTF-8 bytes, or the offset of the first unassigned byte (`0x98`).
    static func decodeToUTF8(_ input: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], UnassignedByte> {
        let table = utf8HighHalf
        var output: [UInt8] = []
        // Russian text is mostly two-byte letters; reserving twice the input avoids regrowth.
        output.reserveCapacity(input.count * 2)
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                output.append(byte)
            } else {
                let packed = table[Int(byte &- 0x80)]
                guard packed != 0 else { return .failure(UnassignedByte(offset: index)) }
                output.append(UInt8(truncatingIfNeeded: packed))
                output.append(UInt8(truncatingIfNeeded: packed >> 8))
                if packed >> 24 == 3 { output.append(UInt8(truncatingIfNeeded: packed >> 16)) }
            }
            index += 1
        }
        return .success(output)
    }

    /// The position of a byte that Windows-1251 leaves unassigned.
    struct UnassignedByte: Error {
        var offset: Int
    }
}

/// Public access to the Windows-1251 table, for writing CSV files the way Russian Excel does.
public enum WindowsCyrillic {
    /// The text in Windows-1251, or `nil` if a character has no byte in that code page.
    public static func encode(_ text: String) -> [UInt8]? { Windows1251.encode(text) }
}
