// Fuzz target: the municipality registry loader (CSV `name;oktmo;aliases`) and its lookups.
import Foundation
import Spreadsheet
import SvodModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegistry(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".csv")
    if let registry = try? MunicipalityRegistry.load(path: path) {
        for municipality in registry.municipalities {
            _ = registry.find(name: municipality.name)
            _ = registry.find(oktmo: municipality.oktmo)
        }
        _ = registry.find(name: String(decoding: FuzzInput.bytes(start, min(count, 64)), as: UTF8.self))
    }
    return 0
}
