import CXlsxWriter

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the writing layer turns libxlsxwriter and POSIX failures into `SpreadsheetError`.
///
/// Every failure of the writer is a `SpreadsheetError` with code `.writeFailed`: `file` is the
/// target path the caller passed, `part` names the place inside the workbook (`Отчет!B3`,
/// `Отчет!A1:D1`, a sheet name) and `detail` is the English technical text, taken from
/// `lxw_strerror` for libxlsxwriter errors. Nothing here exposes `lxw_` types.
enum XLSXWriteError {
    /// A libxlsxwriter error code as a `SpreadsheetError`.
    static func library(_ code: lxw_error, file: String, part: String? = nil, context: String? = nil) -> SpreadsheetError {
        var text = cString(lxw_strerror(code)) ?? "libxlsxwriter error \(code.rawValue)"
        if let context { text = context + ": " + text }
        return SpreadsheetError(.writeFailed, file: file, part: part, detail: text)
    }

    /// A misuse or limit detected in Swift before calling libxlsxwriter.
    static func invalid(_ detail: String, file: String, part: String? = nil) -> SpreadsheetError {
        SpreadsheetError(.writeFailed, file: file, part: part, detail: detail)
    }

    /// A failed POSIX call, with the text of `errno`.
    static func posix(_ operation: String, errno code: Int32, file: String) -> SpreadsheetError {
        let reason = cString(strerror(code)) ?? "errno \(code)"
        return SpreadsheetError(.writeFailed, file: file, detail: "\(operation): \(reason)")
    }

    private static func cString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// C strings handed to libxlsxwriter, owned by one workbook and freed after it is closed.
///
/// libxlsxwriter copies most strings it is given, but not all of its structures say so
/// (a data-validation list is a NULL-terminated `char **`). Every non-cell string passed to
/// the C library is therefore duplicated here and outlives the workbook handle.
final class CStringArena {
    private var pointers: [UnsafeMutableRawPointer] = []

    init() {}

    /// A NUL-terminated copy of `text` that lives until `freeAll()`.
    func string(_ text: String) -> UnsafeMutablePointer<CChar>? {
        guard let copy = strdup(text) else { return nil }
        pointers.append(UnsafeMutableRawPointer(copy))
        return copy
    }

    /// A NULL-terminated array of NUL-terminated copies, living until `freeAll()`.
    func stringList(_ texts: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let stride = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride
        guard let raw = malloc(stride * (texts.count + 1)) else { return nil }
        pointers.append(raw)
        let list = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: texts.count + 1)
        for (index, text) in texts.enumerated() {
            guard let copy = string(text) else {
                (list + index).initialize(to: nil)
                return nil
            }
            (list + index).initialize(to: copy)
        }
        (list + texts.count).initialize(to: nil)
        return list
    }

    func freeAll() {
        for pointer in pointers { free(pointer) }
        pointers.removeAll()
    }

    deinit { freeAll() }
}
