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
* **Bounded in size while it runs.** No string or list a template builds may be longer than
  :data:`MAX_STRING`: padding and formatting (``center``, ``ljust``, ``rjust``, ``zfill``,
  ``expandtabs``, ``format``, ``format_map``, ``%``), ``replace``, ``join``, ``+`` and the
  filters that build text or lists (``center``, ``indent``, ``format``, ``replace``, ``join``,
  ``batch``, ``slice``...) are checked before they allocate where the size is known in advance,
  and every call's and filter's result after it.
* **Bounded in time and memory.** The template runs in a child process
  (:func:`render_template`): a wall-clock limit of :data:`TIMEOUT_SECONDS` (an alarm in the child
  reports the template line it was on; the parent kills the child if that does not work), a CPU
  limit (``RLIMIT_CPU``) and an address-space budget of :data:`MEMORY_MB` MB above what the
  process already uses (``RLIMIT_AS``, where the system supports it). Past a limit the user gets
  ``file:line: template took longer than N s`` or ``... used more than N MB``. The child is
  forked where the system can (cheap: nothing is imported again) and spawned elsewhere; it is
  started only when an organisation template is rendered.
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

MAX_STRING = MAX_OUTPUT_CHARS
"""Longest string (characters) or list (items) a template may build on the way to its output."""

TIMEOUT_SECONDS = 10.0
"""Wall-clock time a template may run (a normal report template takes well under a second)."""

MEMORY_MB = 512
"""Memory (address space, MB) a template may use above what the process uses before it starts."""

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
        raise TemplateLimitError(f"range() of more than {MAX_RANGE} items is not allowed in templates")
    return r


def _model_attribute_ok(obj: Any, attr: str) -> bool:
    """A pydantic model shows its fields and the public properties of its class, nothing else."""
    cls = type(obj)
    if attr in getattr(cls, "model_fields", {}):
        return True
    return isinstance(getattr(cls, attr, None), property)


class _TimeLimit(BaseException):
    """Raised in the child by the wall-clock alarm. A BaseException, so that no ``except Exception``
    inside jinja2 or a filter can swallow it."""


class TemplateLimitError(OverflowError):
    """A template asked for more than a limit of the sandbox allows (its message is the whole line)."""


def _limit(size: int, what: str, unit: str = "characters") -> None:
    """Refuse to build a string of ``size`` characters (or a list of ``size`` items) over the cap."""
    if size > MAX_STRING:
        raise TemplateLimitError(f"{what} would build {size} {unit}; the limit is {MAX_STRING}")


def _checked(value: Any, what: str) -> Any:
    """``value`` when it is within the cap (a string or list built by a call, filter or operator)."""
    if isinstance(value, (str, list, tuple)):
        _limit(len(value), what, "characters" if isinstance(value, str) else "items")
    return value


_DIGITS_RE = re.compile(r"\d+")
_PERCENT_SPEC_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _number(digits: str) -> int:
    """A width written in a format specification (longer runs of digits count as 10**18)."""
    return int(digits) if len(digits) <= 18 else 10**18


def _spec_size(spec: str) -> int:
    """The largest width or precision in a ``format()`` specification (already resolved)."""
    return max((_number(d) for d in _DIGITS_RE.findall(spec)), default=0)


def _percent_size(fmt: str, values: Any) -> int:
    """The largest width or precision that ``fmt % values`` asks for (``*`` takes it from a value)."""
    largest = 0
    star = False
    for match in _PERCENT_SPEC_RE.finditer(fmt):
        for group in match.groups():
            if group == "*":
                star = True
            elif group:
                largest = max(largest, _number(group))
    if star:
        items = values if isinstance(values, tuple) else (values,)
        largest = max([largest] + [abs(v) for v in items if isinstance(v, int) and not isinstance(v, bool)])
    return largest + len(fmt)


_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})


def _str_call_size(method: Any, args: tuple, kwargs: dict) -> Optional[int]:
    """The length a call of a ``str`` method would build, when it can be known before the call."""
    text = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(text, str):
        return None
    if name in _PADDING:
        width = args[0] if args else kwargs.get("width")
        return width if isinstance(width, int) else None
    if name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        return len(text) + text.count("\t") * max(tab, 0) if isinstance(tab, int) else None
    if name == "replace" and len(args) >= 2:
        return _replace_size(text, *args[:3])
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        return _join_size(text, args[0])
    return None


def _replace_size(text: Any, old: Any, new: Any, count: Any = None) -> Optional[int]:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return None
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(len(new) - len(old), 0)


def _join_size(separator: str, items: Any) -> Optional[int]:
    if not isinstance(items, (list, tuple)):
        return None
    return sum(len(i) for i in items if isinstance(i, str)) + len(separator) * max(len(items) - 1, 0)


def _filter_size(name: str, args: tuple) -> Optional[int]:
    """The size a filter would build, when it can be known before it runs (``args`` without the
    context, environment or eval-context argument)."""
    first = args[0] if args else None
    second = args[1] if len(args) > 1 else None
    if name == "center" and isinstance(second, int):
        return second
    if name == "indent" and isinstance(first, str):
        width = len(second) if isinstance(second, str) else second if isinstance(second, int) else 4
        return len(first) + (first.count("\n") + 1) * max(width, 0)
    if name == "format" and isinstance(first, str):
        return _percent_size(first, tuple(args[1:]))
    if name == "replace" and len(args) >= 3:
        return _replace_size(*args[:4])
    if name == "join" and isinstance(first, (list, tuple)):
        return _join_size(second if isinstance(second, str) else "", first)
    if name in ("batch", "slice") and isinstance(second, int):
        return second
    return None


def _capped_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (a filter) with the size checks: before it runs when the size is known, and on its result."""
    import functools

    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def capped(*args: Any, **kwargs: Any) -> Any:
        size = _filter_size(name, args[skip:])
        if size is not None:
            _limit(size, f"the filter {name}", "items" if name in ("batch", "slice") else "characters")
        return _checked(func(*args, **kwargs), f"the filter {name}")

    return capped


@lru_cache(maxsize=1)
def _formatter_classes() -> tuple[type, type]:
    """``str.format`` formatters of the sandbox that check each field's width before formatting it."""
    from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter

    class _Capped:
        def format_field(self, value: Any, format_spec: str) -> Any:
            _limit(_spec_size(format_spec), "format()")
            return _checked(super().format_field(value, format_spec), "format()")  # type: ignore[misc]

    class CappedFormatter(_Capped, SandboxedFormatter):
        pass

    class CappedEscapeFormatter(_Capped, SandboxedEscapeFormatter):
        pass

    return CappedFormatter, CappedEscapeFormatter


@lru_cache(maxsize=1)
def _environment_class() -> type:
    """The sandboxed environment class (built lazily: jinja2 and pydantic load on first use)."""
    import operator

    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from pydantic import BaseModel

    class OrgSandbox(ImmutableSandboxedEnvironment):
        """ImmutableSandboxedEnvironment with report models reduced to their data, no clock, and caps."""

        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, BaseModel):
                return _model_attribute_ok(obj, attr)
            if isinstance(obj, (date, datetime)) and attr in _CLOCK_METHODS:
                return False
            return super().is_safe_attribute(obj, attr, value)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            name = getattr(__obj, "__name__", None) or "a call"
            if name == "join" and isinstance(getattr(__obj, "__self__", None), str) and args:
                if not isinstance(args[0], (list, tuple, str)):
                    args = (list(args[0]),) + args[1:]
            size = _str_call_size(__obj, args, kwargs)
            if size is not None:
                _limit(size, f"{name}()")
            return _checked(super().call(__context, __obj, *args, **kwargs), f"{name}()")

        def wrap_str_format(self, value: Any) -> Optional[Callable[..., str]]:
            import types
            from functools import update_wrapper

            from markupsafe import Markup

            if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or value.__name__ not in (
                "format",
                "format_map",
            ):
                return None
            text = value.__self__
            if not isinstance(text, str):
                return None
            plain, escaping = _formatter_classes()
            formatter = escaping(self, escape=text.escape) if isinstance(text, Markup) else plain(self)
            is_map = value.__name__ == "format_map"

            def wrapper(*args: Any, **kwargs: Any) -> str:
                if is_map:
                    if kwargs or len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument")
                    args, kwargs = (), args[0]
                return _checked(type(text)(formatter.vformat(text, args, kwargs)), "format()")

            return update_wrapper(wrapper, value)

        def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
            if operator_name == "+":
                if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                    _limit(len(left) + len(right), "+", "characters" if isinstance(left, str) else "items")
                return operator.add(left, right)
            if operator_name == "%":
                if isinstance(left, str):
                    _limit(_percent_size(left, right), "%")
                    return _checked(operator.mod(left, right), "%")
                return operator.mod(left, right)
            if operator_name == "**":
                if isinstance(right, (int, float)) and abs(right) > 64 or isinstance(left, (int, float)) and abs(left) > 2**64:
                    raise TemplateLimitError("** with such large numbers is not allowed in templates")
                return operator.pow(left, right)
            result_size = _repeat_size(left, right)
            if result_size is not None and result_size > MAX_SEQUENCE:
                unit = "characters" if isinstance(left, str) or isinstance(right, str) else "items"
                raise TemplateLimitError(f"* would build {result_size} {unit}; the limit is {MAX_SEQUENCE}")
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
    env.filters = {name: _capped_filter(name, func) for name, func in env.filters.items()}
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


def render_template(
    path: Path, report: "BaseModel", *, timeout: Optional[float] = None, memory_mb: Optional[int] = None
) -> str:
    """Render the organisation template file ``path`` for a validated report model, in a child
    process with a wall-clock limit (``timeout`` seconds, default :data:`TIMEOUT_SECONDS`) and a
    memory budget (``memory_mb``, default :data:`MEMORY_MB`).

    Returns Markdown finished like the shipped renderer's (LF, no trailing spaces, one final
    newline). Raises :class:`OrgTemplateError` (``file:line: message``) for any problem of the
    template, past a limit included, and :class:`incident_kit.drafting.render.RenderError` for a value of
    the report that has no safe Markdown form (before the template runs)."""
    import multiprocessing

    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, path, report, timeout, memory_mb), daemon=True)
    child.start()
    sender.close()
    answer = None
    try:
        # The child stops itself at ``timeout`` (with the template line); the parent's limit is
        # the backstop for a child stuck where the alarm cannot interrupt it.
        if receiver.poll(timeout + _GRACE_SECONDS):
            answer = receiver.recv()
    except EOFError:
        pass
    finally:
        receiver.close()
        child.join(1)
        if child.is_alive():
            child.kill()
            child.join()
    if answer is None:
        import signal

        ended = child.exitcode
        if ended is None or ended in (-signal.SIGKILL, -getattr(signal, "SIGXCPU", signal.SIGKILL)):
            raise OrgTemplateError(f"template took longer than {timeout:g} s", str(path))
        raise OrgTemplateError(f"the template process ended without a result (exit code {ended})", str(path))
    if answer[0] == "ok":
        return answer[1]
    if answer[0] == "render-error":
        from incident_kit.drafting.render import RenderError

        raise RenderError(answer[1], answer[2])
    _, message, file, line = answer
    raise OrgTemplateError(message, file, line)


_GRACE_SECONDS = 3.0
"""How long the parent waits past the timeout before it kills a child that did not stop itself."""


def _set_limits(timeout: float, memory_mb: int) -> None:
    """In the child: the wall-clock alarm, a CPU limit and the address-space budget (where the
    system has them)."""
    import math
    import signal

    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        resource = None  # type: ignore[assignment]

    def alarm(signum: int, frame: Any) -> None:
        raise _TimeLimit()

    try:
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - no SIGALRM: the parent's limit applies
        pass
    if resource is None:  # pragma: no cover
        return
    try:
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = math.ceil(used.ru_utime + used.ru_stime + timeout + _GRACE_SECONDS)
        _lower(resource, resource.RLIMIT_CPU, cpu)
    except (ValueError, OSError):  # pragma: no cover
        pass
    size = _address_space()
    if size is not None and hasattr(resource, "RLIMIT_AS"):
        try:
            _lower(resource, resource.RLIMIT_AS, size + memory_mb * 1024 * 1024)
        except (ValueError, OSError):  # pragma: no cover
            pass


def _lower(resource: Any, which: int, soft: int) -> None:
    """Lower the soft limit ``which`` to ``soft`` (never above the hard limit)."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> Optional[int]:
    """The process's current address space in bytes (Linux), or None when it cannot be read."""
    import os

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _child(sender: Any, path: Path, report: "BaseModel", timeout: float, memory_mb: int) -> None:
    """The child process: render with limits and send one answer tuple to the parent."""
    import signal

    from incident_kit.drafting import render as r

    try:
        _set_limits(timeout, memory_mb)
        try:
            answer: tuple = ("ok", _render_here(path, report, timeout, memory_mb))
        finally:
            if hasattr(signal, "setitimer"):
                signal.setitimer(signal.ITIMER_REAL, 0)
    except OrgTemplateError as exc:
        answer = ("error", exc.message, exc.path, exc.line)
    except r.RenderError as exc:
        answer = ("render-error", exc.field, exc.message)
    except _TimeLimit:
        answer = ("error", f"template took longer than {timeout:g} s", str(path), None)
    except MemoryError:
        answer = ("error", f"template used more than {memory_mb} MB", str(path), None)
    except BaseException as exc:  # noqa: BLE001 - anything else is still one clean line
        answer = ("error", _describe(exc), str(path), None)
    try:
        sender.send(answer)
    except MemoryError:  # pragma: no cover - the budget is spent: nothing more can be built
        sender.send(("error", f"template used more than {memory_mb} MB", str(path), None))
    finally:
        sender.close()


def _render_here(path: Path, report: "BaseModel", timeout: float, memory_mb: int) -> str:
    """Render in this process (the child of :func:`render_template`); see there."""
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
                raise TemplateLimitError(f"the output is longer than {MAX_OUTPUT_CHARS} characters")
            chunks.append(chunk)
    except OrgTemplateError:
        raise
    except _TimeLimit:
        # jinja2 maps its frames to template lines only for an Exception; do it for the alarm too.
        from jinja2.debug import rewrite_traceback_stack

        file, line = _template_line(rewrite_traceback_stack(), folder)
        raise OrgTemplateError(f"template took longer than {timeout:g} s", file or shown, line) from None
    except MemoryError as exc:
        file, line = _template_line(exc, folder)
        raise OrgTemplateError(f"template used more than {memory_mb} MB", file or shown, line) from None
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
    if isinstance(exc, TemplateLimitError):
        return str(exc)
    if isinstance(exc, je.UndefinedError):
        return f"undefined: {exc.message}"
    if isinstance(exc, RecursionError):
        return "the template recurses too deeply"
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
