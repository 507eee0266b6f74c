import CZip

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Edits a copy of a ZIP package in place through libzip: entries are replaced or added from
/// memory, everything else is copied as it is (still compressed) when the archive is closed.
///
/// Owns the `zip_t` handle; nothing outside this file sees libzip types. Every entry written
/// gets the fixed DOS time 1980-01-01 00:00 (libzip would stamp the current time), so the
/// same edits give the same bytes.
final class ZipEditor {
    private var handle: OpaquePointer?
    /// The archive being edited (a temporary copy).
    let path: String
    /// The file named in errors (the destination the caller asked for).
    let file: String

    /// 1980-01-01 00:00 in MS-DOS date and time format.
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    private static let dosTime: UInt16 = 0

    init(path: String, file: String) throws {
        self.path = path
        self.file = file
        var errorCode: Int32 = 0
        // Without ZIP_CHECKCONS, as the reader opens it (see ZipArchive): the source was read
        // through first, so its CRCs and names have been checked.
        guard let handle = zip_open(path, 0, &errorCode) else {
            var zipError = zip_error_t()
            zip_error_init_with_code(&zipError, errorCode)
            let detail = String(cString: zip_error_strerror(&zipError))
            zip_error_fini(&zipError)
            throw SpreadsheetError(.corrupt, file: file, detail: detail)
        }
        self.handle = handle
    }

    deinit { discard() }

    private func failure(_ operation: String, part: String?) -> SpreadsheetError {
        let detail = handle.map { String(cString: zip_strerror($0)) } ?? "the archive is closed"
        return SpreadsheetError(.writeFailed, file: file, part: part, detail: "\(operation): \(detail)")
    }

    /// Writes `data` as the entry `name`: replaces the entry with that part name (compared as
    /// the reader compares them: ignoring case, `\` read as `/`; the entry keeps its name) or
    /// adds a new one.
    func write(_ name: String, data: [UInt8]) throws {
        guard let handle else { throw SpreadsheetError(.writeFailed, file: file, part: name, detail: "the archive is closed") }
        // libzip takes ownership of a malloc'ed buffer (freep = 1) and frees it with the source.
        let size = max(data.count, 1)
        guard let buffer = malloc(size) else {
            throw SpreadsheetError(.writeFailed, file: file, part: name, detail: "out of memory")
        }
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { buffer.copyMemory(from: base, byteCount: raw.count) }
        }
        guard let source = zip_source_buffer(handle, buffer, zip_uint64_t(data.count), 1) else {
            free(buffer)
            throw failure("cannot create a source", part: name)
        }
        let existing = locate(name, in: handle)
        let index: zip_uint64_t
        if existing >= 0 {
            index = zip_uint64_t(existing)
            guard zip_file_replace(handle, index, source, 0) == 0 else {
                zip_source_free(source)
                throw failure("cannot replace the entry", part: name)
            }
        } else {
            let added = zip_file_add(handle, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard added >= 0 else {
                zip_source_free(source)
                throw failure("cannot add the entry", part: name)
            }
            index = zip_uint64_t(added)
        }
        guard zip_set_file_compression(handle, index, ZIP_CM_DEFLATE, 6) == 0 else {
            throw failure("cannot set the compression", part: name)
        }
        guard zip_file_set_dostime(handle, index, Self.dosTime, Self.dosDate, 0) == 0 else {
            throw failure("cannot set the entry time", part: name)
        }
    }

    /// The index of the entry holding part `name`, or -1.
    private func locate(_ name: String, in handle: OpaquePointer) -> Int64 {
        let found = zip_name_locate(handle, name, zip_flags_t(ZIP_FL_NOCASE))
        if found >= 0 { return found }
        // A package whose entry names use `\` (rare: scan only then).
        let key = ZipArchive.partKey(name)
        for i in 0..<max(zip_get_num_entries(handle, 0), 0) {
            if let entry = zip_get_name(handle, zip_uint64_t(i), ZIP_FL_ENC_GUESS),
               ZipArchive.partKey(String(cString: entry)) == key { return i }
        }
        return -1
    }

    /// Writes the archive (libzip writes a temporary file and renames it over `path`).
    func close() throws {
        guard let current = handle else { return }
        if zip_close(current) != 0 {
            let detail = String(cString: zip_strerror(current))
            zip_discard(current)
            handle = nil
            throw SpreadsheetError(.writeFailed, file: file, detail: "cannot write the archive: \(detail)")
        }
        handle = nil
    }

    /// Drops every pending change.
    func discard() {
        if let handle { zip_discard(handle) }
        handle = nil
    }
}

/// The annotated copy's files: a copy of the source to edit, then `AtomicFile`'s commit.
enum AnnotationFiles {
    /// `.<name>.tmp-<pid>-<random><suffix>` next to `path` (see `AtomicFile`).
    static func temporaryPath(for path: String, suffix: String = "") -> String {
        AtomicFile.temporaryPath(for: path, suffix: suffix)
    }

    /// Copies `source` to a new file `target` (which must not exist).
    static func copy(_ source: String, to target: String, errorFile: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw SpreadsheetError(.fileUnreadable, file: source, detail: String(cString: strerror(errno)))
        }
        defer { _ = posixClose(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard output >= 0 else {
            throw XLSXWriteError.posix("cannot create \(target)", errno: errno, file: errorFile)
        }
        var failed: Int32 = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                failed = errno
                break
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = chunk.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                if w < 0 {
                    failed = errno
                    break
                }
                written += w
            }
            if failed != 0 { break }
        }
        _ = posixClose(output)
        if failed != 0 {
            _ = unlink(target)
            throw XLSXWriteError.posix("cannot copy \(source) to \(target)", errno: failed, file: errorFile)
        }
    }

    /// Flushes `temporary`, renames it over `destination` and flushes the folder (`AtomicFile`).
    static func commit(_ temporary: String, to destination: String) throws {
        try AtomicFile.commit(temporary, to: destination)
    }

    static func remove(_ path: String) { AtomicFile.remove(path) }
}
