import CZip
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only ZIP container over libzip, with size and ratio caps enforced while inflating.
///
/// Owns the `zip_t` handle; nothing outside this file sees libzip types.
///
/// The archive is opened without libzip's `ZIP_CHECKCONS`, which compares every local header
/// with its central directory entry field by field and calls the package "inconsistent" when,
/// for example, an entry written with a data descriptor keeps its uncompressed size in the
/// local header (Excel and other streaming writers do), or the local modification times differ
/// from the directory's. `unzip -t`, Excel and LibreOffice read such packages; the format reads
/// entries by the central directory, as libzip does either way. What matters is still checked:
/// every entry is inflated with its CRC verified at its end (a mismatch is `file-corrupt`), its
/// size against the directory's and against the caps. Names are checked here instead: two
/// entries with one part name (compared as OPC compares them, see ``partKey(_:)``) are
/// `file-zip-duplicate-entry`, since which of them is the report would be a guess.
final class ZipArchive {
    private let handle: OpaquePointer
    let path: String
    let limits: ReadLimits
    /// Inflated bytes handed out so far, against `limits.maxTotalBytes`.
    private(set) var totalInflated = 0
    /// Entry names in archive order, as written (possibly with `\` separators).
    let entryNames: [String]
    private let indexByPartKey: [String: Int]

    /// Packages up to this size are read into memory with one `read` and opened from there;
    /// libzip reading a file itself seeks and stats for every entry (about 50 system calls for
    /// a municipal report, a tenth of a millisecond on a VM). Larger ones are read from disk.
    static let inMemoryLimit = 8 << 20

    init(path: String, limits: ReadLimits) throws {
        var zipError = zip_error_t()
        zip_error_init(&zipError)
        defer { zip_error_fini(&zipError) }
        var opened: OpaquePointer?
        if let (buffer, count) = Self.readSmallFile(path, limit: Self.inMemoryLimit) {
            // libzip owns the buffer from here (freep = 1) and frees it with the archive.
            if let source = zip_source_buffer_create(buffer, zip_uint64_t(count), 1, &zipError) {
                opened = zip_open_from_source(source, ZIP_RDONLY, &zipError)
                if opened == nil { zip_source_free(source) }
            } else {
                free(buffer)
            }
        } else {
            var errorCode: Int32 = 0
            opened = zip_open(path, ZIP_RDONLY, &errorCode)
            if opened == nil { zip_error_set(&zipError, errorCode, 0) }
        }
        guard let handle = opened else {
            throw SpreadsheetError(.corrupt, file: path, detail: String(cString: zip_error_strerror(&zipError)))
        }
        let count = zip_get_num_entries(handle, 0)
        var names: [String] = []
        var index: [String: Int] = [:]
        names.reserveCapacity(Int(max(count, 0)))
        for i in 0..<max(count, 0) {
            let name = zip_get_name(handle, zip_uint64_t(i), ZIP_FL_ENC_GUESS).map { String(cString: $0) } ?? ""
            names.append(name)
            let key = Self.partKey(name)
            if let first = index[key] {
                // A folder entry (`Configurations2/toolpanel/`) holds no part: two are harmless.
                if key.hasSuffix("/") { continue }
                zip_discard(handle)
                throw SpreadsheetError(.duplicateEntry, file: path, part: name,
                                       detail: "two ZIP entries are named \(names[first]) and \(name)")
            }
            index[key] = Int(i)
        }
        self.handle = handle
        self.path = path
        self.limits = limits
        self.entryNames = names
        self.indexByPartKey = index
    }

    /// The key an entry or part name is looked up by: OPC part names are case-insensitive and
    /// have no leading `/`; some writers put Windows `\` separators in entry names
    /// (`xl\workbook.xml`), read as `/`.
    static func partKey(_ name: String) -> String {
        var key = name.lowercased()
        if key.utf8.contains(UInt8(ascii: "\\")) { key = String(key.map { $0 == "\\" ? "/" : $0 }) }
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    deinit { zip_discard(handle) }

    /// The whole file in a `malloc`ed buffer (libzip takes ownership) when it is a regular file of
    /// at most `limit` bytes; nil otherwise (libzip then opens it by path and reports what is wrong).
    private static func readSmallFile(_ path: String, limit: Int) -> (UnsafeMutableRawPointer, Int)? {
        guard let bytes = try? FileBytes.contents(of: path, limit: limit, what: "a package read into memory"),
              !bytes.isEmpty, let buffer = malloc(bytes.count) else { return nil }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return (buffer, bytes.count)
    }

    /// The entry index of a part name; case-insensitive, leading `/` ignored, as OPC requires,
    /// and `\` read as `/`.
    func index(of name: String) -> Int? { indexByPartKey[Self.partKey(name)] }

    func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// Opens an entry for streaming, after checking its declared size and ratio against the caps.
    func open(_ name: String) throws -> ZipEntryStream {
        guard let index = index(of: name) else {
            throw SpreadsheetError(.partMissing, file: path, part: name)
        }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 else {
            throw SpreadsheetError(.corrupt, file: path, part: name, detail: String(cString: zip_strerror(handle)))
        }
        if stat.valid & UInt64(ZIP_STAT_ENCRYPTION_METHOD) != 0, stat.encryption_method != UInt16(ZIP_EM_NONE) {
            throw SpreadsheetError(.encrypted, file: path, part: name)
        }
        guard stat.valid & UInt64(ZIP_STAT_SIZE) != 0 else {
            throw SpreadsheetError(.corrupt, file: path, part: name, detail: "the ZIP directory does not give the entry's size")
        }
        let declaredSize = Int(clamping: stat.size)
        let compressedSize = stat.valid & UInt64(ZIP_STAT_COMP_SIZE) != 0 ? Int(clamping: stat.comp_size) : 0
        try check(inflated: declaredSize, compressed: compressedSize, part: name)
        guard let file = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            throw SpreadsheetError(.corrupt, file: path, part: name, detail: String(cString: zip_strerror(handle)))
        }
        return ZipEntryStream(archive: self, file: file, part: name, compressedSize: compressedSize, declaredSize: declaredSize)
    }

    /// Reads a whole (small) entry: relationships, workbook, styles. Sized by the entry's declared
    /// size (no zeroed scratch buffer: every file of a batch reads four of these); a declared
    /// size that lies only costs a second loop, the caps are enforced by the stream either way.
    func readAll(_ name: String) throws -> [UInt8] {
        let stream = try open(name)
        let expected = stream.declaredSize + 1  // one byte more, to see the end in the same call
        var bytes = try [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let n = try stream.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...])))
                if n == 0 { break }
                initialized += n
            }
        }
        guard bytes.count == expected else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    fileprivate func check(inflated: Int, compressed: Int, part: String, alreadyCounted: Bool = false) throws {
        if inflated > limits.maxEntryBytes {
            throw SpreadsheetError(.tooLarge, file: path, part: part,
                                   detail: "\(part) inflates to \(inflated) bytes, over the cap of \(limits.maxEntryBytes)")
        }
        if (alreadyCounted ? totalInflated : totalInflated + inflated) > limits.maxTotalBytes {
            throw SpreadsheetError(.tooLarge, file: path, part: part,
                                   detail: "the package inflates beyond the cap of \(limits.maxTotalBytes) bytes")
        }
        if inflated > limits.ratioThresholdBytes, compressed > 0,
           Double(inflated) / Double(compressed) > limits.maxCompressionRatio {
            throw SpreadsheetError(.suspiciousCompression, file: path, part: part,
                                   detail: "\(part) inflates \(inflated / compressed) times (cap \(Int(limits.maxCompressionRatio)))")
        }
    }

    fileprivate func account(_ bytes: Int) { totalInflated += bytes }

    /// Caps on the bytes an entry has really produced so far (already counted in the total).
    fileprivate func checkProduced(_ produced: Int, compressed: Int, part: String) throws {
        try check(inflated: produced, compressed: compressed, part: part, alreadyCounted: true)
    }
}

/// One entry being inflated; enforces the caps on the bytes actually produced, since a
/// hostile archive can declare false sizes.
final class ZipEntryStream {
    private let archive: ZipArchive
    private let file: OpaquePointer
    let part: String
    private let compressedSize: Int
    /// The size the archive declares for the inflated entry; a hint
    /// for buffer sizes, never trusted for the caps.
    let declaredSize: Int
    private var produced = 0
    private var finished = false

    /// A scan buffer size for the entry: its declared size when small (a municipal report's sheet
    /// is ~20 KiB; thousands are read one after another), else 256 KiB chunks.
    var scanChunkSize: Int { declaredSize > 0 ? min(256 * 1024, max(4096, declaredSize + 64)) : 256 * 1024 }

    fileprivate init(archive: ZipArchive, file: OpaquePointer, part: String, compressedSize: Int, declaredSize: Int) {
        self.archive = archive
        self.file = file
        self.part = part
        self.compressedSize = compressedSize
        self.declaredSize = declaredSize
    }

    deinit { zip_fclose(file) }

    /// Inflates up to `buffer.count` bytes; returns 0 at the end of the entry.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if finished { return 0 }
        let n = zip_fread(file, base, zip_uint64_t(buffer.count))
        if n < 0 {
            throw SpreadsheetError(.corrupt, file: archive.path, part: part, detail: String(cString: zip_file_strerror(file)))
        }
        let count = Int(n)
        if count == 0 { finished = true }
        produced += count
        archive.account(count)
        // The caps were checked on open against the declared size. An entry that inflates past
        // the size its ZIP directory declares, and past the size below which ratios are never
        // judged, is a zip bomb lying about its size (a few kilobytes declared, gigabytes
        // inflated): refused as one at once, on the bytes really produced, before a later check
        // (the XML scanner's token cap, the size cap) could name it something else. A small
        // overrun is damage, not a bomb: the CRC check at the end of the entry reports it.
        if produced > declaredSize, produced > archive.limits.ratioThresholdBytes {
            throw SpreadsheetError(
                .suspiciousCompression, file: archive.path, part: part,
                detail: "\(part) inflates beyond the \(declaredSize) bytes its ZIP directory declares")
        }
        if count == 0, produced != declaredSize {
            throw SpreadsheetError(.corrupt, file: archive.path, part: part,
                                   detail: "\(part) inflates to \(produced) bytes, not the \(declaredSize) its ZIP directory declares")
        }
        // Declared sizes were checked on open; re-check against what really came out.
        try archive.checkProduced(produced, compressed: compressedSize, part: part)
        return count
    }
}
