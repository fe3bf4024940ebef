"""Load YAML/JSON keeping node positions, so validation errors can name file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ItaError


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: packs load ~5x faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that rejects duplicate keys (a silent overwrite hides typos)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# Numbers are plain decimals only (as in YAML 1.2): YAML 1.1 reads a score typed `9_0` as 90, `0x5A` as 90 and
# `1:30` as 90 (base 60); those stay text here, so a sheet rejects them instead of scoring a typo.
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag not in _NUMBER_TAGS]
                                   for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
# Each pattern matches only what YAML 1.1 also reads as a number, so text that PyYAML writes unquoted (a site
# named 1e2 or 09) still reads back as text.
_Loader.add_implicit_resolver(_NUMBER_TAGS[0], re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(_NUMBER_TAGS[1], re.compile(
    r"^[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?$|^\.[0-9]+(?:[eE][-+][0-9]+)?$"
    r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"), list("-+0123456789."))


# An alias bomb (anchors of anchors) is a few hundred bytes that expand to billions of values: count what the
# document would expand to before building anything. The largest rule pack file is far below both limits.
MAX_ALIASES = 10_000
MAX_EXPANDED_NODES = 2_000_000


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_expansion(root: yaml.Node, path: str, error: type[ItaError] = ItaError) -> int:
    """The number of values the document expands to; refuses alias bombs and recursive aliases (iterative, so
    deep nesting cannot overflow the stack)."""
    sizes: dict[int, int] = {}
    on_path = {id(root)}
    stack = [(root, iter(_children(root)))]
    aliases = 0
    while stack:
        node, todo = stack[-1]
        for child in todo:
            if id(child) in sizes:  # a node met again: an alias
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise error(f"too many aliases (over {MAX_ALIASES:,})", f"{path}:{child.start_mark.line + 1}")
                continue
            if id(child) in on_path:
                raise error("an alias refers to a value that contains it", f"{path}:{child.start_mark.line + 1}")
            on_path.add(id(child))
            stack.append((child, iter(_children(child))))
            break
        else:
            stack.pop()
            on_path.discard(id(node))
            size = 1 + sum(sizes[id(c)] for c in _children(node))
            if size > MAX_EXPANDED_NODES and aliases:  # without aliases the size is bounded by the file's
                raise error(f"aliases expand to over {MAX_EXPANDED_NODES:,} values (an alias bomb?)",
                            f"{path}:{node.start_mark.line + 1}")
            sizes[id(node)] = size
    return sizes[id(root)]


class Located:
    """A parsed document with its node tree, able to say where a value came from."""

    def __init__(self, path: str, data: Any, node: yaml.Node | None):
        self.path = path
        self.data = data
        self.node = node

    def line(self, loc: tuple | list) -> int | None:
        """1-based line of the value at `loc` (keys and list indexes), or of its deepest known parent."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for k, v in node.value:
                    if str(getattr(k, "value", None)) == str(part):
                        nxt = v
                        line = k.start_mark.line + 1
                        break
                if nxt is None:
                    return line
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def where(self, loc: tuple | list = ()) -> str:
        """`file:line` for a location inside this document."""
        ln = self.line(loc)
        return f"{self.path}:{ln}" if ln else self.path


def load_text(text: str, path: str, error: type[ItaError] = ItaError) -> Located:
    """Parse YAML (or JSON, a YAML subset here) text into a Located document."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                check_expansion(node, path, error)
            # Build the data from the same node tree instead of parsing the text twice.
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else path
        raise error(f"invalid YAML: {exc.problem or exc.context}", where) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise error("nested too deeply to read", path) from None
    return Located(path, data, node)


def load_file(path: Path | str, error: type[ItaError] = ItaError) -> Located:
    """Read and parse one YAML/JSON file."""
    from .infile import read_text

    return load_text(read_text(path, error), str(path), error)
