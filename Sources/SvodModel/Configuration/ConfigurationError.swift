import Foundation
import Yams

/// A mistake in a configuration file (pipeline, schema, registry), located by file, line and
/// key path so an operator can go straight to it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The key path, e.g. `columns[3].type`.
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var code: String { "config-invalid" }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? "")\(path.isEmpty ? "" : " (\(path))"): \(message)"
    }
}

/// A non-fatal remark about a configuration file, e.g. an unknown key (likely a typo).
public struct ConfigurationWarning: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var path: String
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(path): \(message)"
    }
}

/// Typed, located access to a YAML mapping: every error names the file, line and key path.
struct YAMLNode {
    let node: Node
    let path: String
    let file: String

    static func load(path filePath: String) throws -> YAMLNode {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw ConfigurationError(file: filePath, message: "the file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: filePath, message: "the file is not UTF-8 text")
        }
        return try parse(text, file: filePath)
    }

    static func parse(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, message: "the file is empty")
            }
            return YAMLNode(node: node, path: "", file: file)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            var line: Int?
            if case .scanner(_, _, let mark, _) = error { line = mark.line }
            if case .parser(_, _, let mark, _) = error { line = mark.line }
            throw ConfigurationError(file: file, line: line, message: "not valid YAML: \(error)")
        }
    }

    var line: Int? { node.mark?.line }

    func fail(_ message: String, key: String? = nil) -> ConfigurationError {
        let child = key.flatMap { node.mapping?[$0] }
        return ConfigurationError(file: file, line: child?.mark?.line ?? line, path: key.map(childPath) ?? path,
                                  message: message)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func child(_ key: String) -> YAMLNode? {
        guard let value = node.mapping?[key], value.null == nil else { return nil }
        return YAMLNode(node: value, path: childPath(key), file: file)
    }

    func requireMapping() throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail("must be a mapping of keys to values") }
        return mapping
    }

    func string(_ key: String) throws -> String? {
        guard let value = child(key) else { return nil }
        guard let text = value.node.scalar?.string else { throw value.fail("must be text") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else { throw fail("the key `\(key)` is required", key: key) }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let value = child(key) else { return nil }
        guard let number = value.node.int else { throw value.fail("must be a whole number") }
        return number
    }

    func double(_ key: String) throws -> Double? {
        guard let value = child(key) else { return nil }
        guard let number = value.node.float ?? value.node.int.map(Double.init) else { throw value.fail("must be a number") }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = child(key) else { return nil }
        guard let flag = value.node.bool else { throw value.fail("must be true or false") }
        return flag
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = child(key) else { return nil }
        if let single = value.node.scalar?.string { return [single] }
        guard let items = value.node.sequence else { throw value.fail("must be a list of texts") }
        return try items.enumerated().map { index, item in
            guard let text = item.scalar?.string else {
                throw ConfigurationError(file: file, line: item.mark?.line, path: "\(value.path)[\(index)]", message: "must be text")
            }
            return text
        }
    }

    func list(_ key: String) throws -> [YAMLNode]? {
        guard let value = child(key) else { return nil }
        guard let items = value.node.sequence else { throw value.fail("must be a list") }
        return items.enumerated().map { YAMLNode(node: $1, path: "\(value.path)[\($0)]", file: file) }
    }

    /// Warnings for keys this version does not know (most likely typos).
    func unknownKeys(allowed: Set<String>) -> [ConfigurationWarning] {
        guard let mapping = node.mapping else { return [] }
        return mapping.compactMap { key, value in
            guard let name = key.string, !allowed.contains(name) else { return nil }
            let known = allowed.sorted().joined(separator: ", ")
            return ConfigurationWarning(file: file, line: key.mark?.line ?? value.mark?.line, path: childPath(name),
                                        message: "unknown key ignored (known keys: \(known))")
        }
    }
}
