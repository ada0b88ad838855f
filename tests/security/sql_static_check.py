#!/usr/bin/env python3
"""INP-05 static check: no SQL statement text is assembled from non-constant pieces.

Every call that hands SQL text to the store's Connection or Statements (Run, RunScript,
Read, Write, CheckedUpdate) or to a driver (sqlite3_exec, sqlite3_prepare*, PQexec,
PQexecParams, PQprepare) is found, and its statement argument is traced back:

  constant     string literals (adjacent or joined with +), ALL_CAPS macros, constants
               named kX that the scanned files define as constexpr/const, std::string(...)
               and std::string_view(...) of those, ternaries choosing between them, and
               local variables whose initialiser and every later `=`, `+=` and `.append()`
               before the call are constant;
  passthrough  a function parameter (the driver passing on its caller's statement, which
               is checked at the caller);
  dynamic      anything else (a runtime value, a function result, std::to_string, format).

A dynamic statement fails the check unless ALLOWED names it (file and operation name, the
call's first argument) with the reason it is safe. An ALLOWED entry that no longer matches
fails too, so the list stays true.

Usage: sql_static_check.py [--expect-findings N] DIR_OR_FILE...
A directory contributes its store/ files and every file including sql.h, sql_support.h,
sqlite3.h or libpq-fe.h.
Without --expect-findings: exit 0 iff there are no findings. With it (negative control):
exit 0 iff exactly N findings were reported.
"""

import argparse
import os
import re
import sys

# (file name, operation) -> why this dynamic statement cannot carry a value into SQL text.
ALLOWED = {
    ("sql_hotline.cc", "InsertOrders"):
        "PostgreSQL multi-row INSERT: the text depends only on the row count; the only "
        "non-literal pieces are the placeholder numbers $n from std::to_string of a counter; "
        "every value is bound",
    ("sqlite_connection.cc", "OpenSqliteStore"):
        "ConnectionSetup joins PRAGMA values that ParseSqliteUrl accepts only from fixed "
        "lists (synchronous off/normal/full/extra, journal_mode wal/delete/truncate/persist, "
        "foreign_keys as ON/OFF from a bool)",
    ("migrations.cc", "Migrate"):
        "the migration scripts m.sqlite / m.postgres come from the constant kMigrations table",
}

# Helper functions that only join their arguments into one string: a call is as constant as
# its arguments. (file name, function) -> what it does.
JOINERS = {
    ("sql_licences.cc", "Q"): "returns its two string_view arguments joined, nothing else",
}

CALLS = {
    # name: index of the SQL argument(s)
    "Run": [1],
    "RunScript": [1],
    "Read": [1],
    "Write": [1],
    "CheckedUpdate": [1, 3],
    "sqlite3_exec": [1],
    "sqlite3_prepare": [1],
    "sqlite3_prepare_v2": [1],
    "sqlite3_prepare_v3": [1],
    "PQexec": [1],
    "PQexecParams": [1],
    "PQprepare": [2],
    "PQsendQuery": [1],
    "PQsendQueryParams": [1],
}

CALL_RE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(CALLS, key=len, reverse=True)) +
                     r")\s*\(")
LITERALS_RE = re.compile(r'^(?:\s*(?:u8|L|u|U)?"(?:[^"\\]|\\.)*"\s*|\s*[A-Z][A-Z0-9_]*\s*)+$')
KCONST_RE = re.compile(r"^k[A-Z][A-Za-z0-9_]*$")
IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
WRAP_RE = re.compile(r"^(?:std::string|std::string_view)\s*\((.*)\)$", re.S)


def strip_comments(text):
    """Blanks comments (keeping offsets and line numbers); string literals stay."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_string(text, i):
    q = text[i]
    j = i + 1
    while j < len(text) and text[j] != q:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def call_args(text, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren, and the end."""
    args, depth, start, i = [], 0, open_paren + 1, open_paren
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = skip_string(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[start:i].strip())
                return args, i
        elif c == "," and depth == 1:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    return args, i


def split_top(expr, sep):
    """Splits expr on a one-character operator at nesting depth 0, outside literals."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            i = skip_string(expr, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0 and expr[i:i + 2] not in ("++", "+=") and \
                (i == 0 or expr[i - 1] != "+"):
            parts.append(expr[start:i].strip())
            start = i + 1
        i += 1
    parts.append(expr[start:].strip())
    return parts


def split_ternary(expr):
    """(condition, a, b) of a top-level `c ? a : b`, or None."""
    depth, i, q = 0, 0, -1
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            i = skip_string(expr, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c == "?" and q < 0:
            q = i
        elif depth == 0 and c == ":" and q >= 0 and expr[i:i + 2] != "::" and expr[i - 1] != ":":
            return expr[:q], expr[q + 1:i].strip(), expr[i + 1:].strip()
        i += 1
    return None


def unparen(expr):
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):
            depth += c == "("
            depth -= c == ")"
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1].strip()
    return expr


class FileScan:
    def __init__(self, path, constants):
        self.path = path
        with open(path, encoding="utf-8") as f:
            self.text = strip_comments(f.read())
        self.constants = constants

    def line(self, pos):
        return self.text.count("\n", 0, pos) + 1

    def classify(self, expr, pos, seen=(), whole=True):
        """'constant', 'passthrough' or 'dynamic: why' for a statement expression at pos."""
        expr = unparen(expr)
        if not expr:
            return "dynamic: empty expression"
        if LITERALS_RE.match(expr):
            return "constant"
        ternary = split_ternary(expr)
        if ternary:
            return self.worst([self.classify(ternary[1], pos, seen, whole),
                               self.classify(ternary[2], pos, seen, whole)])
        plus = split_top(expr, "+")
        if len(plus) > 1:
            return self.worst([self.classify(p, pos, seen, False) for p in plus])
        member = re.match(r"^(.*?)\s*\.\s*(?:c_str|data)\s*\(\s*\)$", expr, re.S)
        if member:
            return self.classify(member.group(1), pos, seen, whole)
        joiner = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(", expr)
        if joiner and (os.path.basename(self.path), joiner.group(1)) in JOINERS:
            args, end = call_args(expr, joiner.end() - 1)
            if end == len(expr) - 1:
                return self.worst([self.classify(a, pos, seen, False) for a in args])
        wrapped = WRAP_RE.match(expr)
        if wrapped:
            return self.classify(wrapped.group(1), pos, seen, whole)
        if KCONST_RE.match(expr):
            if expr in self.constants:
                return "constant"
            return "dynamic: %s is not defined as a constant in the scanned files" % expr
        if IDENT_RE.match(expr):
            if expr in seen:
                return "constant"  # its other assignments are being checked already
            return self.classify_variable(expr, pos, seen + (expr,), whole)
        return "dynamic: " + " ".join(expr.split())[:80]

    @staticmethod
    def worst(verdicts):
        for v in verdicts:
            if v.startswith("dynamic"):
                return v
        return "passthrough" if "passthrough" in verdicts else "constant"

    def classify_variable(self, name, pos, seen, whole):
        before = self.text[:pos]
        decl = None
        decl_re = re.compile(
            r"(?:(?:static|const|constexpr|inline)\s+)*(?:std::string_view|std::string|auto|"
            r"const\s+char\s*\*(?:\s*const)?)\s*&?\s*" + name + r"\s*(=|\{|\(|[,)])")
        for m in decl_re.finditer(before):
            decl = m
        if decl is None:
            return "dynamic: no declaration of %s before its use" % name
        if decl.group(1) in ",)":
            # A parameter passed on whole is its caller's statement, checked there; joined
            # into other text it is a value spliced into SQL.
            if whole:
                return "passthrough"
            return "dynamic: parameter %s joined into the statement" % name
        if decl.group(1) == "=":
            init_start = decl.end()
            init_end = self.text.find(";", init_start)
            verdicts = [self.classify(self.text[init_start:init_end], decl.start(), seen, whole)]
        else:
            # std::string sql{...} / sql(...): the braced or parenthesised initialiser
            args, end = call_args(self.text, decl.end() - 1)
            init_end = end
            verdicts = [self.classify(a, decl.start(), seen, whole and len(args) == 1)
                        for a in args]
        between = self.text[init_end:pos]
        for m in re.finditer(r"(?<![A-Za-z0-9_.])" + name + r"\s*(\+=|=(?!=))", between):
            start = m.end()
            end = between.find(";", start)
            whole_again = m.group(1) == "=" and whole
            verdicts.append(self.classify(between[start:end], init_end + start, seen, whole_again))
        for m in re.finditer(r"(?<![A-Za-z0-9_])" + name + r"\s*\.\s*(append|insert|replace)\s*\(",
                             between):
            args, _ = call_args(between, m.end() - 1)
            verdicts.append(self.worst([self.classify(a, init_end + m.start(), seen, False)
                                        for a in args]))
        return self.worst(verdicts)

    def sites(self):
        """(line, call, operation, argument, verdict) for every SQL call of the file."""
        for m in CALL_RE.finditer(self.text):
            args, _ = call_args(self.text, m.end() - 1)
            if len(args) < 2 or re.match(r"^(const\s+)?(std::|sqlite3\s*\*|PGconn)", args[0]):
                continue  # a declaration or a call with no statement argument
            op = args[0]
            op_literal = re.match(r'^"((?:[^"\\]|\\.)*)"$', op)
            op_name = op_literal.group(1) if op_literal else op
            for index in CALLS[m.group(1)]:
                if index >= len(args):
                    continue
                yield (self.line(m.start()), m.group(1), op_name, args[index],
                       self.classify(args[index], m.start()))


def collect_constants(texts):
    names = set()
    const_re = re.compile(
        r"(?:constexpr|const)\s+[^;=()]*?\b(k[A-Z][A-Za-z0-9_]*)\s*(?:\[\s*\])?\s*=")
    for text in texts:
        names.update(const_re.findall(text))
    return names


SQL_INCLUDE_RE = re.compile(r'#include\s*[<"](?:[^">]*/)?(?:sql|sql_support|sqlite3|libpq-fe)\.h[">]')


def source_files(paths):
    """Files named directly, and in directories every C++ file that reaches SQL: the store
    module's files and any other file including the SQL port or a driver's header."""
    out = []
    for p in paths:
        if os.path.isfile(p):
            out.append(p)
            continue
        for root, _, files in os.walk(p):
            for f in files:
                if not f.endswith((".cc", ".h")):
                    continue
                path = os.path.join(root, f)
                with open(path, encoding="utf-8") as fh:
                    reaches_sql = SQL_INCLUDE_RE.search(fh.read())
                if os.path.basename(root) == "store" or reaches_sql:
                    out.append(path)
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect-findings", type=int, default=None)
    parser.add_argument("paths", nargs="+")
    opts = parser.parse_args()

    files = source_files(opts.paths)
    texts = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            texts[f] = strip_comments(fh.read())
    constants = collect_constants(texts.values())

    findings, used, counts = [], set(), {"constant": 0, "passthrough": 0, "allowed": 0}
    for f in files:
        scan = FileScan(f, constants)
        for line, call, op, arg, verdict in scan.sites():
            key = (os.path.basename(f), op)
            if verdict.startswith("dynamic"):
                if key in ALLOWED:
                    used.add(key)
                    counts["allowed"] += 1
                    continue
                findings.append("%s:%d: %s(%s, ...) runs SQL built at run time (%s)" %
                                (f, line, call, op, verdict))
            else:
                counts[verdict] += 1
    if opts.expect_findings is None:
        scanned = {os.path.basename(f) for f in files}
        for key in sorted(ALLOWED):
            if key[0] in scanned and key not in used:
                findings.append("%s: allow-list entry for %s matches no dynamic statement any "
                                "more; remove it from tests/security/sql_static_check.py" % key)

    for line in findings:
        print(line)
    total = counts["constant"] + counts["passthrough"] + counts["allowed"] + len(findings)
    print("[figures] INP-05 static: %d files, %d SQL call sites: %d constant, %d pass-through, "
          "%d allow-listed, %d findings" % (len(files), total, counts["constant"],
                                            counts["passthrough"], counts["allowed"],
                                            len(findings)))
    if opts.expect_findings is not None:
        ok = len(findings) == opts.expect_findings
        print("negative control: expected %d findings, got %d" %
              (opts.expect_findings, len(findings)))
        return 0 if ok else 1
    return 0 if not findings else 1


if __name__ == "__main__":
    sys.exit(main())
