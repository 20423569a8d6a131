"""Organisation report templates, rendered in a jinja2 sandbox.

A CA team keeps its own report templates in a folder named by ``template-paths`` in the
configuration (docs/kits.md). Such a template is shared code of unknown quality, so it is treated
as untrusted:

* **Checked before it runs.** Every template (and every template it includes, imports or extends)
  is parsed and its syntax tree inspected before anything is rendered: attribute or item names
  that start with an underscore (``''.__class__``), the ``attr`` filter with such a name, and
  ``include`` / ``import`` / ``extends`` of anything but a constant name are refused with
  ``file:line: message``. Nothing of a refused template runs.
* **Confined to its folder.** The loader serves only regular files inside the named folder (no
  ``..``, no absolute names, no symbolic links that lead outside it), UTF-8, at most
  :data:`MAX_TEMPLATE_BYTES`.
* **Sandboxed while it runs.** :class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (no private
  attributes, no mutation of lists or dicts), plus: a report model shows only its fields and
  public properties; dates and times have no clock or machine-zone methods (``now``, ``today``,
  ``astimezone``...), so output never depends on the machine; ``range``, ``*`` and ``**`` are
  capped; output is capped at :data:`MAX_OUTPUT_CHARS`.
* **Strict.** :class:`jinja2.StrictUndefined`: a misspelt name is an error, not an empty string.

Every failure is an :class:`OrgTemplateError`, one line ``file:line: message`` naming the
template file and line (the template's own line, also for errors raised while rendering).

Context of a report template
----------------------------

``report``        the validated drafting model (:mod:`incident_kit.model`), e.g. ``report.summary.source``
``kind``          the report kind: ``full``, ``preliminary``, ``closure``, ``irg2``, ``irg2-audit``, ``legacy``
``irg_markdown``  the report as the shipped IRG template renders it (Markdown), to wrap or quote
``NA``            the string ``N/A``

Filters: the renderer's escaping filters ``md_inline``, ``md_cell``, ``md_block``, ``md_item``,
``md_paragraphs``, ``md_fenced`` (user text must go through one of them: values are inserted as
is otherwise), and ``utc``, ``utc_date``, ``utc_time``, ``plain``, ``na``, ``action_refs``,
``root_cause_refs``. Globals: ``is_na``, ``certificates_csv``, ``group_by_utc_day``,
``closure_sentence``, ``related_link``, ``irg`` (the IRG's labels and titles).
"""

from __future__ import annotations

import re
import traceback
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from jinja2 import nodes
    from pydantic import BaseModel

MAX_TEMPLATE_BYTES = 256 * 1024
"""Largest template file the loader serves."""

MAX_OUTPUT_CHARS = 2_000_000
"""Largest rendered text; more than any Bugzilla comment can hold."""

MAX_RANGE = 10_000
"""Largest ``range()`` a template may build."""

MAX_SEQUENCE = 100_000
"""Largest string or list that ``*`` may build, and largest result of ``**`` (digits)."""

TEMPLATE_SUFFIXES = (".md.j2", ".j2")
"""How a report template file name ends; ``--template NAME`` finds ``NAME.md.j2`` first."""

_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_CLOCK_METHODS = frozenset(
    {"now", "today", "utcnow", "astimezone", "timestamp", "fromtimestamp", "utcfromtimestamp", "timetuple",
     "utctimetuple", "ctime"}
)


class OrgTemplateError(Exception):
    """An organisation template that cannot be used or failed; ``str()`` is ``file:line: message``."""

    def __init__(self, message: str, path: str, line: Optional[int] = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


# --------------------------------------------------------------------------------------------
# Static check: refuse what must never run.
# --------------------------------------------------------------------------------------------


def _const_name(node: "nodes.Node") -> Optional[str]:
    """The template name of an include/import/extends when it is a constant string."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None


def _refusals(tree: "nodes.Template") -> Iterator[tuple[int, str]]:
    """``(line, reason)`` for each construct of ``tree`` a shared template may not use."""
    from jinja2 import nodes

    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", None) or 1
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            yield line, f"access to the attribute {node.attr!r} is not allowed (names starting with _ are private)"
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
            yield line, f"access to the item {node.arg.value!r} is not allowed (names starting with _ are private)"
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            arg = node.args[0] if node.args else None
            if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str) and not arg.value.startswith("_")):
                yield line, "the attr filter may only name a public attribute written as a constant"
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            if _const_name(node.template) is None:
                yield line, "include, import and extends must name a template of this folder as a constant string"


def audit_source(env: "jinja2.Environment", source: str, name: str, filename: str) -> "nodes.Template":
    """Parse ``source`` and refuse it (:class:`OrgTemplateError`) when it uses a forbidden
    construct; returns the syntax tree."""
    from jinja2 import TemplateSyntaxError

    try:
        tree = env.parse(source, name, filename)
    except TemplateSyntaxError as exc:
        raise OrgTemplateError(f"template syntax error: {exc.message}", filename, exc.lineno) from None
    for line, reason in _refusals(tree):
        raise OrgTemplateError(f"refused: {reason}", filename, line)
    return tree


def _references(tree: "nodes.Template") -> list[tuple[int, str]]:
    """``(line, name)`` of every template that ``tree`` includes, imports or extends."""
    from jinja2 import nodes

    refs = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        name = _const_name(node.template)
        if name is not None:
            refs.append((node.lineno, name))
    return refs


def preload(env: "jinja2.Environment", name: str) -> None:
    """Audit ``name`` and, transitively, every template it names, before any of them runs.

    A missing or refused template is reported at the line of the template that names it."""
    import jinja2

    pending: list[tuple[str, Optional[str], Optional[int]]] = [(name, None, None)]
    seen: set[str] = set()
    while pending:
        current, referrer, line = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound as exc:
            raise OrgTemplateError(f"refused: {exc.message or current}", referrer or current, line) from None
        tree = env.parse(source, current, filename)
        pending.extend((ref, filename, ref_line) for ref_line, ref in _references(tree))


# --------------------------------------------------------------------------------------------
# Loader confined to one folder.
# --------------------------------------------------------------------------------------------


def _loader_class() -> type:
    """:class:`FolderLoader`, built on first use so that jinja2 is imported lazily."""
    import jinja2

    class FolderLoader(jinja2.BaseLoader):
        """Serves templates from one folder only; each source is audited before it is returned."""

        def __init__(self, root: Path):
            self.root = root.resolve()

        def resolve(self, name: str) -> Path:
            """The file behind ``name``, or TemplateNotFound when it is not a file of this folder."""
            if not _NAME_RE.match(name) or ".." in name.split("/"):
                raise jinja2.TemplateNotFound(name, f"{name!r} is not a template name of the folder {self.root}")
            path = (self.root / name).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                raise jinja2.TemplateNotFound(name, f"no template {name!r} in {self.root}")
            return path

        def get_source(self, environment: "jinja2.Environment", template: str) -> tuple[str, str, Callable[[], bool]]:
            path = self.resolve(template)
            data = path.read_bytes()
            if len(data) > MAX_TEMPLATE_BYTES:
                raise OrgTemplateError(f"the template is larger than {MAX_TEMPLATE_BYTES} bytes", str(path))
            try:
                source = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise OrgTemplateError("the template is not UTF-8 text", str(path), line) from None
            audit_source(environment, source, template, str(path))
            return source, str(path), lambda: False

    return FolderLoader


# --------------------------------------------------------------------------------------------
# The sandbox.
# --------------------------------------------------------------------------------------------


def _capped_range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise OverflowError(f"range() of more than {MAX_RANGE} items is not allowed in templates")
    return r


def _model_attribute_ok(obj: Any, attr: str) -> bool:
    """A pydantic model shows its fields and the public properties of its class, nothing else."""
    cls = type(obj)
    if attr in getattr(cls, "model_fields", {}):
        return True
    return isinstance(getattr(cls, attr, None), property)


@lru_cache(maxsize=1)
def _environment_class() -> type:
    """The sandboxed environment class (built lazily: jinja2 and pydantic load on first use)."""
    import operator

    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from pydantic import BaseModel

    class OrgSandbox(ImmutableSandboxedEnvironment):
        """ImmutableSandboxedEnvironment with report models reduced to their data, no clock, and caps."""

        intercepted_binops = frozenset({"*", "**"})

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, BaseModel):
                return _model_attribute_ok(obj, attr)
            if isinstance(obj, (date, datetime)) and attr in _CLOCK_METHODS:
                return False
            return super().is_safe_attribute(obj, attr, value)

        def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
            if operator_name == "**":
                if isinstance(right, (int, float)) and abs(right) > 64 or isinstance(left, (int, float)) and abs(left) > 2**64:
                    raise OverflowError("** with such large numbers is not allowed in templates")
                return operator.pow(left, right)
            result_size = _repeat_size(left, right)
            if result_size is not None and result_size > MAX_SEQUENCE:
                raise OverflowError(f"* would build a value of {result_size} items; the limit is {MAX_SEQUENCE}")
            return operator.mul(left, right)

    return OrgSandbox


def _repeat_size(left: Any, right: Any) -> Optional[int]:
    """The length ``left * right`` would have when it repeats a string or a list."""
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            return len(seq) * max(n, 0)
    return None


def sandbox_environment(folder: Path) -> "jinja2.Environment":
    """A sandboxed environment whose templates come from ``folder`` only."""
    import jinja2

    from incident_kit.drafting import render as r

    env = _environment_class()(
        loader=_loader_class()(folder),
        undefined=jinja2.StrictUndefined,
        **r.ENV_OPTIONS,
    )
    env.filters.update(r._FILTERS)
    env.filters["utc_date"] = r.utc_date
    env.globals.clear()
    env.globals.update(r._GLOBALS)
    env.globals["range"] = _capped_range
    return env


# --------------------------------------------------------------------------------------------
# Finding and rendering organisation templates.
# --------------------------------------------------------------------------------------------


def template_files(folder: Path) -> dict[str, Path]:
    """Report templates at the top of ``folder``: name (file name without its suffix) -> file.

    Files whose name starts with ``_`` are helpers (macros to import), not report templates."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")) or not path.is_file():
            continue
        for suffix in TEMPLATE_SUFFIXES:
            if path.name.endswith(suffix):
                found.setdefault(path.name[: -len(suffix)], path)
                break
    return found


def find_template(name: str, folders: list[Path]) -> Path:
    """The report template ``name`` in the first folder that has it, or a path to a template file.

    Raises :class:`OrgTemplateError` when there is none, listing the names that exist."""
    as_path = Path(name)
    if name.endswith(TEMPLATE_SUFFIXES) or "/" in name or "\\" in name:
        if as_path.is_file():
            return as_path
        raise OrgTemplateError("no such template file", name)
    available: list[str] = []
    for folder in folders:
        files = template_files(folder)
        if name in files:
            return files[name]
        available += [n for n in files if n not in available]
    where = ", ".join(str(f) for f in folders) or "no template-paths configured"
    known = f"; available: {', '.join(available)}" if available else ""
    raise OrgTemplateError(f"no report template {name!r} in the template folders ({where}){known}", name)


def _template_line(exc: BaseException, folder: Path) -> tuple[Optional[str], Optional[int]]:
    """The innermost traceback frame that belongs to a template of ``folder`` (jinja2 rewrites
    template frames to carry the template's file name and line)."""
    root = str(folder.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(root):
            return frame.filename, frame.lineno
    return None, None


def render_template(path: Path, report: "BaseModel") -> str:
    """Render the organisation template file ``path`` for a validated report model.

    Returns Markdown finished like the shipped renderer's (LF, no trailing spaces, one final
    newline). Raises :class:`OrgTemplateError` (``file:line: message``) for any problem of the
    template, and :class:`incident_kit.drafting.render.RenderError` for a value of the report that has no
    safe Markdown form (before the template runs)."""
    import jinja2

    from incident_kit.drafting import render as r

    folder = path.resolve().parent
    env = sandbox_environment(folder)
    shown = str(path)
    context = {"report": report, "kind": report.kind, "irg_markdown": r.render(report), "NA": r.NA}
    try:
        preload(env, path.name)
        template = env.get_template(path.name)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise OverflowError(f"the output is longer than {MAX_OUTPUT_CHARS} characters")
            chunks.append(chunk)
    except OrgTemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise OrgTemplateError(f"template syntax error: {exc.message}", exc.filename or shown, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        file, line = _template_line(exc, folder)
        raise OrgTemplateError(f"refused: {exc.message or exc.name}", file or shown, line) from None
    except r.RenderError as exc:
        file, line = _template_line(exc, folder)
        raise OrgTemplateError(f"a value has no safe Markdown form: {exc}", file or shown, line) from None
    except Exception as exc:  # noqa: BLE001 - the boundary: any template failure is one clean line
        file, line = _template_line(exc, folder)
        raise OrgTemplateError(_describe(exc), file or shown, line) from None
    return r._finish("".join(chunks))


def _describe(exc: BaseException) -> str:
    """One line for an exception raised while a template ran."""
    import jinja2.exceptions as je
    from jinja2.sandbox import SecurityError

    if isinstance(exc, SecurityError):
        return f"refused: {exc}"
    if isinstance(exc, je.UndefinedError):
        return f"undefined: {exc.message}"
    if isinstance(exc, RecursionError):
        return "the template recurses too deeply"
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
