import Yams

/// A YAML node as sitegen reads it, whichever reader produced it: the fast
/// reader for plain front matter, or Yams for everything else. Positions are
/// 1-based line and column (in Unicode scalars, as libyaml counts) within the
/// YAML text.
indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case mapping([(key: YAMLNode, value: YAMLNode)], YAMLMark)
    case sequence([YAMLNode], YAMLMark)
    case alias(YAMLMark)

    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(_, let mark), .sequence(_, let mark), .alias(let mark): mark
        }
    }

    /// The text of a scalar; nil for anything else.
    var string: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }
}

struct YAMLMark: Sendable, Equatable {
    var line: Int
    var column: Int
}

struct YAMLScalar: Sendable {
    var string: String
    /// What the scalar means, settled once when it is read.
    var kind: ScalarKind
    var mark: YAMLMark
}

extension YAMLNode {
    /// Yams' tree in sitegen's shape. Aliases are expanded by Yams, so a "billion
    /// laughs" document is a small tree of shared nodes that would expand
    /// beyond memory here: `budget` nodes at most, then nil.
    static func converting(_ node: Node, budget: inout Int) -> YAMLNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let mark = node.mark.map { YAMLMark(line: $0.line, column: $0.column) } ?? YAMLMark(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            return .scalar(YAMLScalar(string: scalar.string, kind: ScalarKind(scalar), mark: mark))
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let key = converting(key, budget: &budget), let value = converting(value, budget: &budget) else { return nil }
                pairs.append((key, value))
            }
            return .mapping(pairs, mark)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let item = converting(item, budget: &budget) else { return nil }
                items.append(item)
            }
            return .sequence(items, mark)
        case .alias:
            return .alias(mark)
        }
    }
}
