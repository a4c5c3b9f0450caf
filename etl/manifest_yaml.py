"""The manifest's YAML, read so that every problem can point at a line.

Strict UTF-8 (a GBK-saved manifest is named as such), no implicit dates (PyYAML would crash on 2021-13-40; the
model checks dates instead), duplicate keys refused (YAML would keep the last silently), aliases bounded, and
`line_of(root, key path)` to find where a key is written.
"""

from pathlib import Path

import yaml

from etl.errors import SourceError

MAX_MANIFEST_BYTES = 5 << 20
MAX_NODES = 200_000  # aliases can make a small file expand; more nodes than this is not a manifest
MAX_DEPTH = 64  # a manifest nests four or five levels; deeper is refused (Python would overflow its stack)
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class ManifestLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (LibYAML's, four times faster on a manifest of hundreds of documents, when PyYAML has it)
    without the implicit timestamp type: dates stay text and the model checks them."""


ManifestLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_manifest_text(path: Path) -> str:
    """The manifest as text; a missing, oversized or non-UTF-8 file is refused with the spot named."""
    if not path.is_file():
        raise SourceError(path, "manifest not found (or not a file): pass --manifest PATH to a sources.yaml")
    with open(path, "rb") as handle:
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise SourceError(path, f"the manifest is over {MAX_MANIFEST_BYTES >> 20} MB: is this the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, f"the manifest is not UTF-8 (byte 0x{data[error.start]:02x}){encoding_hint(data)}",
                          line) from None


def encoding_hint(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ": it is saved as UTF-16; save it as UTF-8"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ": save it as UTF-8"
    return ": it looks saved as GBK/GB18030; save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


def parse_yaml(path: Path, text: str):
    """(data, root node) of the manifest text; YAML errors become a SourceError with the line."""
    loader = None
    try:
        loader = ManifestLoader(text)
        root = loader.get_single_node()
        if root is not None:
            check_nodes(path, root)
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL
        raise SourceError(path, f"not valid YAML: the character {chr(error.character)!r} is not allowed in a "
                                "manifest; remove it", text[: error.position].count("\n") + 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SourceError(path, f"not valid YAML: {error.problem or error.context}; check the indentation and "
                                "quote values that contain ': ' or start with a special character",
                          mark.line + 1 if mark else None) from None
    except RecursionError:
        raise SourceError(path, "not valid YAML for a manifest: nested too deeply") from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise SourceError(path, f"not valid YAML: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()


def check_nodes(path: Path, root) -> None:
    """Refuse duplicate keys in one mapping, recursive aliases, alias bombs and nesting too deep."""
    stack, count = [(root, frozenset())], 0
    while stack:
        node, ancestors = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise SourceError(path, f"the manifest expands to more than {MAX_NODES} values (aliases?)")
        if len(ancestors) > MAX_DEPTH:
            raise SourceError(path, f"not valid YAML for a manifest: nested too deeply (over {MAX_DEPTH} levels)",
                              node.start_mark.line + 1)
        children = child_nodes(path, node)
        for child in children:
            if id(child) in ancestors or child is node:
                raise SourceError(path, "an alias refers to itself (a recursive structure)",
                                  child.start_mark.line + 1)
            stack.append((child, ancestors | {id(node)}))


def child_nodes(path: Path, node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if not isinstance(node, yaml.MappingNode):
        return []
    children, first_line = [], {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name is not None and name != "<<" and name in first_line:
            raise SourceError(path, f"key {name!r} is written twice in the same mapping (first on line "
                                    f"{first_line[name]}): keep one", key.start_mark.line + 1)
        first_line[name] = key.start_mark.line + 1
        children += [key, value]
    return children


def line_of(root, location: tuple) -> int | None:
    """The line of the deepest key or item of `location` (e.g. ("documents", 2, "columns", 0, "field")) that
    the YAML contains: a missing key points at its entry."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in location:
        if isinstance(node, yaml.MappingNode):
            match = next(((key, value) for key, value in node.value
                          if isinstance(key, yaml.ScalarNode) and key.value == str(part)), None)
            if match is None:
                break
            key, node = match
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
