// Shared by every fuzz target (compiled into each binary; see build.sh).
import Foundation
import Spreadsheet

enum FuzzInput {
    /// A per-process scratch file holding the input, for the APIs that open files by path.
    static func file(_ data: UnsafeRawBufferPointer, suffix: String) -> String {
        let directory = ProcessInfo.processInfo.environment["SVOD_FUZZ_TMP"] ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        let path = "\(directory)/svod-fuzz-\(getpid())\(suffix)"
        let handle = fopen(path, "wb")
        if let handle {
            if data.count > 0 { fwrite(data.baseAddress, 1, data.count, handle) }
            fclose(handle)
        }
        return path
    }

    static func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: count > 0 ? UnsafeRawPointer(start) : nil, count: count)
    }
}

/// A ZIP of stored entries with correct CRCs (the same writer as the tests' `StoredZip`).
enum FuzzZip {
    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func make(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) { for s in stride(from: 0, to: 32, by: 8) { to.append(UInt8(v >> UInt32(s) & 0xFF)) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(UInt32(entry.data.count), &out); u32(UInt32(entry.data.count), &out)
            u16(name.count, &out); u16(0, &out)
            out += name
            out += entry.data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central)
            u32(crc, &central); u32(UInt32(entry.data.count), &central); u32(UInt32(entry.data.count), &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }
}

/// What a submitted workbook goes through (the xlsx and xlsx_parts targets): open, stream every
/// row of every sheet, annotate. `SVOD_FUZZ_KEEP` names a file to copy the package to (make fuzz
/// keeps the packages xlsx_parts builds for its crashers, so tests replay them as plain files).
func readAndAnnotate(_ path: String) {
    if let keep = ProcessInfo.processInfo.environment["SVOD_FUZZ_KEEP"] {
        try? FileManager.default.removeItem(atPath: keep)
        try? FileManager.default.copyItem(atPath: path, toPath: keep)
    }
    var limits = ReadLimits()
    limits.maxEntryBytes = 16 << 20
    limits.maxTotalBytes = 32 << 20
    limits.maxCells = 200_000
    var annotations: [CellAnnotation] = []
    do {
        let document = try SpreadsheetDocument.open(path: path, limits: limits)
        for sheet in document.sheets {
            let reader = try document.rows(.position(sheet.index + 1))
            while let row = try reader.nextRow() {
                if annotations.count < 8, let cell = row.cells.first {
                    annotations.append(CellAnnotation(sheet: sheet.name, address: cell.address, severity: .error,
                                                      code: "fuzz", message: "проверка & <x>"))
                }
            }
            _ = reader.mergedRanges
        }
    } catch {
        return
    }
    var options = AnnotationOptions()
    options.limits = limits
    try? Annotator.annotate(source: path, destination: path + ".annotated.xlsx", annotations: annotations, options: options)
    unlink(path + ".annotated.xlsx")
}
