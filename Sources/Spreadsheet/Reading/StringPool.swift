#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text cells read before, handed out again instead of being built anew.
///
/// A batch of reports made from one form repeats the same texts in every file: measure titles,
/// deadlines, statuses, headers. Building a Swift `String` validates the UTF-8 and allocates;
/// looking the bytes up in a small open-addressing table costs a hash and a `memcmp`. Texts of
/// 15 bytes or fewer are stored inline by Swift and not pooled; neither are long ones.
///
/// One pool serves one thread at a time (a worker of a batch); the strings it returns are
/// ordinary immutable strings and may go anywhere. The table is bounded: when it fills up it
/// starts over, so memory stays flat however many files pass through.
public final class StringPool: @unchecked Sendable {
    private struct Entry {
        var hash: UInt64
        var string: String?
    }

    private let capacity: Int
    private let entries: UnsafeMutablePointer<Entry>
    private var count = 0
    /// Texts longer than this (bytes) are built directly.
    public let maxLength: Int

    /// - Parameters:
    ///   - capacity: Slots in the table (rounded up to a power of two).
    ///   - maxLength: The longest text, in UTF-8 bytes, worth pooling.
    public init(capacity: Int = 4096, maxLength: Int = 1024) {
        var size = 16
        while size < capacity { size <<= 1 }
        self.capacity = size
        self.maxLength = maxLength
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry(hash: 0, string: nil), count: size)
    }

    deinit {
        entries.deinitialize(count: capacity)
        entries.deallocate()
    }

    /// The string for UTF-8 `bytes` (invalid sequences repaired, as `String(decoding:as:)` does).
    public func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15, bytes.count <= maxLength, let base = bytes.baseAddress else {
            return String(decoding: bytes, as: UTF8.self)
        }
        // FNV-1a: a few instructions a byte, and the table is private to the process.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while var existing = entries[slot].string {
            if entries[slot].hash == hash, existing.utf8.count == bytes.count,
               existing.withUTF8({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
                return existing
            }
            slot = (slot + 1) & mask
        }
        let made = String(decoding: bytes, as: UTF8.self)
        if (count + 1) * 4 > capacity * 3 {
            // Full: start over rather than grow (a batch's texts repeat; old ones come back).
            for index in 0..<capacity { entries[index] = Entry(hash: 0, string: nil) }
            count = 0
            slot = Int(truncatingIfNeeded: hash) & mask
        }
        entries[slot] = Entry(hash: hash, string: made)
        count += 1
        return made
    }
}
