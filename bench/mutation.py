"""Mutation benchmark: how many small deliberate bugs in a module its own fast tests catch.

    .venv/bin/python bench/mutation.py                       # every module below
    .venv/bin/python bench/mutation.py figures scoring       # some of them (by short name)
    .venv/bin/python bench/mutation.py --list figures        # the mutants only, no test run
    .venv/bin/python bench/mutation.py --every 4 changes     # every 4th mutant only: a sample, said so in the output
    .venv/bin/python bench/mutation.py audit                 # every module of a package (audit.engine, audit.money, …)
    .venv/bin/python bench/mutation.py --again before.txt staging   # only the survivors an earlier run printed

Why our own runner and not mutmut (or cosmic-ray): both bring their own machinery around the test run —
mutmut 3 rewrites the modules it mutates into a mutants/ copy with a trampoline in every function and
first runs the test command to learn which tests reach which function; cosmic-ray keeps a session database
and workers. What this benchmark needs is small and easy to check by reading: one module, the fast tests
that own it, one mutant at a time, no dependency to pin. Each mutant is the module's source with one AST
node changed, written into a private copy of the repository, and the owning tests run in a fresh
interpreter (`pytest -x`); a mutant is killed when they fail (or run past three times the clean run plus
10 s), survived when they pass. Nothing is mocked, nothing is timed beyond that limit.

The operators, one change each: arithmetic (+ -, * /, // → /, % → *), comparisons (< <=, > >=, == !=,
in / not in, is / is not), and ↔ or, `not X` → `X`, True ↔ False, integer constants n → n+1,
Decimal("x") constants doubled (0 → 1), `return X` → `return None`, ROUND_HALF_UP → ROUND_HALF_EVEN, and
`if C:` → `if not C:`. Strings are left alone by default (`--strings` mutates them too); docstrings, imports
and annotations never.

Prints, per module, mutants killed / total and the share, then every survivor with its line and change.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Module → the fast tests that own it (no MkDocs build unless the module is about writing a site).
MODULES: dict[str, tuple[str, list[str]]] = {
    "figures": ("generator/records/figures.py", ["tests/test_figures.py", "tests/test_scoring.py"]),
    "scoring": ("generator/rules/scoring.py", ["tests/test_scoring.py", "tests/test_figures.py"]),
    "changes": ("generator/history/changes.py", ["tests/test_changes.py", "tests/test_history.py"]),
    # `-k` applies to every file named: the `jixiao pages` runs and the replacement tests, no MkDocs build.
    # tests/reliability/test_rel_kill.py owns staging too, but kills four whole site builds: the full suite runs it.
    "writing": ("generator/site/writing.py", ["tests/test_cli_commands.py", "tests/test_cli_output_folder.py",
                                               "tests/test_output_folder_replacement.py", "-k", "pages or replacement"]),
    "staging": ("generator/site/staging.py", ["tests/test_cli_commands.py", "tests/test_output_folder_replacement.py",
                                               "-k", "pages or replacement"]),
    # read_history: the git repositories of tests/history_repo.py and the hostile one of the reliability tests
    # (messages, names, forged objects, failing git); their tests that build whole sites stay in the full suite.
    "history": ("generator/history/history.py", ["tests/test_history.py", "tests/test_changes.py", "tests/reliability/test_rel_history.py",
                                                 "-k", "not built_site and not builds_a_site and not stops_build"]),
}

# The audit rules: every module of the package is owned by the same `jixiao check` tests (the rule table's
# one-record cases first: they are the quickest to fail).
_AUDIT_TESTS = ["tests/test_audit_rule_table.py", "tests/test_audit_seeds.py", "tests/test_audit_score_scale.py",
                "tests/test_audit.py", "tests/reliability/test_rel_acknowledgement.py", "tests/test_audit_record_kinds.py",
                "tests/test_audit_real.py"]
for _name in ("engine", "findings", "acknowledgements", "reading", "scores", "indicators", "money", "text",
              "coverage", "overall"):
    MODULES[f"audit.{_name}"] = (f"generator/rules/audit/{_name}.py", _AUDIT_TESTS)

_SWAP_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div, ast.Mod: ast.Mult}
_SWAP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
             ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass(frozen=True)
class Mutant:
    number: int  # the index of the mutation site in walk order, with the operator's variant
    line: int
    change: str


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def _annotations(tree: ast.AST) -> set[int]:
    """Nodes inside type annotations: changing them changes nothing at run time (with postponed evaluation)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        parts = []
        if isinstance(node, ast.AnnAssign):
            parts.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts.append(node.returns)
            parts += [a.annotation for a in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs)]
        elif isinstance(node, ast.arg):
            parts.append(node.annotation)
        for part in parts:
            if part is not None:
                ids.update(id(n) for n in ast.walk(part))
    return ids


def _variants(node: ast.AST, strings: bool, skip: set[int]) -> list[tuple[str, callable]]:
    """The single changes one node allows: (description, function that applies it to a copy of the node)."""
    if id(node) in skip:
        return []
    out: list[tuple[str, callable]] = []
    if isinstance(node, ast.BinOp) and type(node.op) in _SWAP_BIN:
        new = _SWAP_BIN[type(node.op)]
        out.append((f"{type(node.op).__name__} → {new.__name__}", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.AugAssign) and type(node.op) in _SWAP_BIN:
        new = _SWAP_BIN[type(node.op)]
        out.append((f"{type(node.op).__name__}= → {new.__name__}=", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _SWAP_CMP:
                new = _SWAP_CMP[type(op)]
                out.append((f"{type(op).__name__} → {new.__name__}",
                            lambda n, i=i, new=new: n.ops.__setitem__(i, new())))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        out.append((f"{type(node.op).__name__} → {new.__name__}", lambda n, new=new: setattr(n, "op", new())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("not X → X", "unwrap"))
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            out.append((f"{value} → {not value}", lambda n: setattr(n, "value", not n.value)))
        elif isinstance(value, int):
            out.append((f"{value} → {value + 1}", lambda n: setattr(n, "value", n.value + 1)))
        elif isinstance(value, float):
            out.append((f"{value} → {value + 1}", lambda n: setattr(n, "value", n.value + 1)))
        elif isinstance(value, str) and strings and value:
            out.append((f"{value[:20]!r} → 'XX…XX'", lambda n: setattr(n, "value", "XX" + n.value + "XX")))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Decimal" \
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        text = node.args[0].value
        try:
            from decimal import Decimal
            bumped = str(Decimal(text) + 1) if Decimal(text) == 0 else str(Decimal(text) * 2)
        except Exception:
            bumped = None
        if bumped is not None:
            out.append((f"Decimal({text!r}) → Decimal({bumped!r})", lambda n, b=bumped: setattr(n.args[0], "value", b)))
    elif isinstance(node, ast.Name) and node.id == "ROUND_HALF_UP":
        out.append(("ROUND_HALF_UP → ROUND_HALF_EVEN", lambda n: setattr(n, "id", "ROUND_HALF_EVEN")))
    elif isinstance(node, ast.Return) and node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        out.append(("return X → return None", lambda n: setattr(n, "value", ast.Constant(None))))
    elif isinstance(node, ast.If):
        out.append(("if C → if not C", lambda n: setattr(n, "test", ast.UnaryOp(ast.Not(), n.test))))
    return out


def _sites(tree: ast.AST, strings: bool) -> list[tuple[int, int, str, object]]:
    skip = _docstrings(tree) | _annotations(tree)
    # Constants in the `from decimal import …` line and __future__ are no code to mutate.
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            skip.update(id(n) for n in ast.walk(node))
    sites = []
    for index, node in enumerate(ast.walk(tree)):
        for variant, (change, apply) in enumerate(_variants(node, strings, skip)):
            sites.append((index, variant, change, apply))
    return sites


def mutants(source: str, strings: bool = False) -> list[tuple[Mutant, str]]:
    """Every mutant of a module: its description and its source."""
    tree = ast.parse(source)
    out = []
    for number, (index, variant, change, apply) in enumerate(_sites(tree, strings)):
        copy_ = copy.deepcopy(tree)
        node = list(ast.walk(copy_))[index]
        line = getattr(node, "lineno", 0)
        if apply == "unwrap":
            parent = next(p for p in ast.walk(copy_) for child in ast.iter_child_nodes(p) if child is node)
            for field, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, field, node.operand)
                elif isinstance(value, list) and node in value:
                    value[value.index(node)] = node.operand
        else:
            apply(node)
        ast.fix_missing_locations(copy_)
        try:
            text = ast.unparse(copy_)
        except Exception:
            continue
        out.append((Mutant(number, line, change), text))
    return out


def _copy_repository(into: Path) -> None:
    # Only these folders are copied, so the built site at the top (site/, .site-*) never is; a pattern "site"
    # here would also leave out generator/site/, whose modules the tests would then import from the installed
    # tree (the editable install's finder) and no mutant of them would ever run.
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", "node_modules", ".pytest_cache", ".hypothesis", "*.egg-info")
    for name in ("generator", "tests", "content", "theme", "bench"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, into / name, ignore=ignore)
    for name in ("mkdocs.yml", "pyproject.toml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, into / name)


def _run_tests(root: Path, tests: list[str], timeout: float) -> tuple[bool, float]:
    """True when the tests pass. A fresh interpreter imports the copy's generator (its folder first on sys.path)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(root), PYTHONHASHSEED="0")
    start = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *tests],
                                cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - start
    return result.returncode == 0, time.monotonic() - start


def earlier_run(text: str) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """From this benchmark's printed output: per module, how many mutants ran and which survived (line, change)."""
    out: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    path = None
    for line in text.splitlines():
        match = re.match(r"(\S+\.py)  \(tests: ", line)
        if match:
            path = match.group(1)
            continue
        match = re.match(r"  killed \d+/(\d+) = ", line)
        if match and path:
            out[path] = (int(match.group(1)), out.get(path, (0, []))[1])
            continue
        match = re.match(r"  survived  (\S+\.py):(\d+)  (.+)$", line)
        if match:
            total, survivors = out.get(match.group(1), (0, []))
            out[match.group(1)] = (total, survivors + [(int(match.group(2)), match.group(3))])
    return out


def run_module(short: str, strings: bool, list_only: bool, every: int = 1,
               earlier: dict[str, tuple[int, list[tuple[int, str]]]] | None = None) -> tuple[int, int, list[Mutant]]:
    path, tests = MODULES[short]
    source = (REPO / path).read_text(encoding="utf-8")
    all_mutants = mutants(source, strings)[::every]
    killed_before = 0
    if earlier is not None:
        # Only the survivors of an earlier run of the same mutants (the module unchanged since: same count,
        # every survivor found again); the others were killed then and tests are only ever added.
        if path not in earlier:
            raise SystemExit(f"{short}: {path} is not in the earlier run's output")
        total, survived = earlier[path]
        wanted = list(survived)
        again = []
        for mutant, text in all_mutants:
            if (mutant.line, mutant.change) in wanted:
                wanted.remove((mutant.line, mutant.change))
                again.append((mutant, text))
        if total != len(all_mutants) or wanted:
            raise SystemExit(f"{short}: {path} changed since the earlier run ({total} mutants then, {len(all_mutants)} now; "
                             f"{len(wanted)} survivors not found): run it whole")
        killed_before = total - len(again)
        print(f"  {len(again)} survivors of the earlier run run again; {killed_before} were killed then", flush=True)
        all_mutants = again
    if list_only:
        for mutant, _ in all_mutants:
            print(f"  {path}:{mutant.line}  {mutant.change}")
        return 0, len(all_mutants), []
    with tempfile.TemporaryDirectory(prefix="jixiao-mutation-") as folder:
        root = Path(folder)
        _copy_repository(root)
        target = root / path
        # The module the tests will import must be the copy's file, the one each mutant is written to.
        module = path.removesuffix(".py").replace("/", ".")
        check = subprocess.run([sys.executable, "-c", f"import {module} as m; print(m.__file__)"], cwd=root,
                               env=dict(os.environ, PYTHONPATH=str(root)), capture_output=True, text=True)
        imported = check.stdout.strip()
        if not imported or Path(imported).resolve() != target.resolve():
            raise SystemExit(f"{short}: the tests would import {module} from {imported or check.stderr.strip()}, not from the copy {target}")
        passed, baseline = _run_tests(root, tests, timeout=600)
        if not passed:
            raise SystemExit(f"{short}: the owning tests fail without any mutant ({' '.join(tests)})")
        limit = baseline * 3 + 10
        killed, survivors = 0, []
        for mutant, text in all_mutants:
            target.write_text(text, encoding="utf-8")
            passed, _ = _run_tests(root, tests, timeout=limit)
            if passed:
                survivors.append(mutant)
            else:
                killed += 1
            print(f"\r  {killed + len(survivors)}/{len(all_mutants)} run, {len(survivors)} survived", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        target.write_text(source, encoding="utf-8")
    return killed + killed_before, len(all_mutants) + killed_before, survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="module", help=f"some of: {', '.join(MODULES)} (default: all)")
    parser.add_argument("--strings", action="store_true", help="also mutate string constants (not docstrings)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running the tests")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="run only every N-th mutant, in walk order (a systematic sample where the owning tests are slow)")
    parser.add_argument("--again", type=Path, metavar="OUTPUT",
                        help="run only the survivors listed in an earlier run's printed output (same --every; the modules unchanged)")
    args = parser.parse_args(argv)
    earlier = earlier_run(args.again.read_text(encoding="utf-8")) if args.again else None
    if args.every < 1:
        parser.error("--every must be 1 or more")
    chosen = []
    for name in args.modules:  # a short name, or a package's prefix ("audit": every audit.* module)
        chosen += [m for m in MODULES if m == name or m.startswith(name + ".")] or [name]
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    rows = []
    for short in chosen or list(MODULES):
        path, tests = MODULES[short]
        print(f"{path}  (tests: {' '.join(tests)})", flush=True)
        killed, total, survivors = run_module(short, args.strings, args.list, args.every, earlier)
        sample = f" (every {args.every}th mutant)" if args.every > 1 else ""
        if args.list:
            print(f"  {total} mutants{sample}")
            continue
        share = killed / total if total else 1.0
        rows.append((path + sample, killed, total, share))
        print(f"  killed {killed}/{total} = {share:.1%}{sample}", flush=True)
        for mutant in survivors:
            print(f"  survived  {path}:{mutant.line}  {mutant.change}", flush=True)
    if rows:
        print("\nmodule                                   killed/total   share")
        for path, killed, total, share in rows:
            print(f"{path:<40} {killed:>6}/{total:<6} {share:>7.1%}")
        if len(rows) > 1:
            killed, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
            print(f"{'overall (of the mutants run)':<40} {killed:>6}/{total:<6} {killed / total if total else 1.0:>7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
