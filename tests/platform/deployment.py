"""Readers for the deployment description: docker-compose.yml, platform/Dockerfile, platform/env.example,
platform/nginx.conf and the environment variables the settings read.

Docker cannot run where the tests run, so the tests read these files the way Docker, Compose and nginx
would and check what a deployer relies on.
"""

import re
import shlex
from functools import cache
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "platform"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = PLATFORM / "Dockerfile"
ENV_EXAMPLE = PLATFORM / "env.example"
NGINX_CONF = PLATFORM / "nginx.conf"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_DIR = ROOT / "config" / "settings"
# Where platform/Dockerfile puts the repository inside the image (WORKDIR, COPY . /app).
APP_DIR_IN_IMAGE = "/app"

APPLICATION_SERVICES = ("web", "worker", "scheduler", "migrate")


# --- docker-compose.yml ------------------------------------------------------------------------------------


@cache
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


def environment(svc: dict) -> dict[str, str]:
    """A service's `environment`, in either of Compose's forms, as strings."""
    env = svc.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        return dict(pairs)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def env_files(svc: dict) -> list[str]:
    files = svc.get("env_file") or []
    if isinstance(files, str | dict):
        files = [files]
    return [item["path"] if isinstance(item, dict) else item for item in files]


def command(svc: dict) -> list[str]:
    cmd = svc.get("command") or []
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def repo_path(path_in_image: str) -> Path | None:
    """The repository file that a path inside the image comes from, or None if it is not one of ours."""
    prefix = APP_DIR_IN_IMAGE + "/"
    return ROOT / path_in_image.removeprefix(prefix) if path_in_image.startswith(prefix) else None


def volume_mounts(svc: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) of each volume of a service, short or long syntax."""
    mounts = []
    for volume in svc.get("volumes") or []:
        if isinstance(volume, dict):
            mounts.append((volume["source"], volume["target"], bool(volume.get("read_only"))))
        else:
            # Split on the colons that are not inside a ${…} interpolation.
            source, target, *options = re.findall(r"(?:\$\{[^}]*\}|[^:])+", volume)
            mounts.append((source, target, "ro" in ",".join(options).split(",")))
    return mounts


INTERPOLATION = re.compile(r"(?<!\$)\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<modifier>[^}]*)\}")


def interpolated_names(text: str) -> set[str]:
    return {match["name"] for match in INTERPOLATION.finditer(text)}


def url(value: str) -> SplitResult:
    """urlsplit of a value whose ${…} interpolations (which may hold "?" or ":") are replaced by a word."""
    return urlsplit(INTERPOLATION.sub("interpolated", value))


def default_of(value: str, name: str) -> str | None:
    """The default Compose gives `${name:-default}` in value, or None when it has none."""
    match = re.search(r"\$\{" + re.escape(name) + r":?-([^}]*)\}", value)
    return match[1] if match else None


# --- platform/env.example ----------------------------------------------------------------------------------


@cache
def env_example() -> tuple[dict[str, str], set[str]]:
    """(the variables it sets, with their values; the optional ones it documents as `# NAME=default`)."""
    assigned, documented = {}, set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"([A-Z][A-Z0-9_]*)=(.*)$", line):
            assigned[match[1]] = match[2]
        elif match := re.match(r"# ?([A-Z][A-Z0-9_]*)=", line):
            documented.add(match[1])
    return assigned, documented


# --- the settings --------------------------------------------------------------------------------------------

# env.str("NAME", …), env.db("NAME"…), env.email_url("NAME"…), env("NAME"…), environ.Env().str("NAME"…)
ENV_CALL = re.compile(r"""\b(?:env|Env\(\))(?:\.[a-z_]+)?\(\s*(?P<q>["'])(?P<name>[A-Z][A-Z0-9_]*)(?P=q)""")


def settings_modules(entry: str = "production") -> list[Path]:
    """The settings module and every module it imports with `from .module import …`, recursively."""
    seen: list[Path] = []
    pending = [SETTINGS_DIR / f"{entry}.py"]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.append(path)
        for imported in re.findall(r"^from \.(\w+) import", path.read_text(encoding="utf-8"), re.MULTILINE):
            pending.append(SETTINGS_DIR / f"{imported}.py")
    return seen


def _call_arguments(text: str, start: int) -> str:
    """The argument text of the call whose opening parenthesis is just before `start`."""
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return text[start:]


def settings_env_names(entry: str = "production") -> dict[str, bool]:
    """Every environment variable the settings module `entry` reads: name → whether every read has a default."""
    names: dict[str, bool] = {}
    for path in settings_modules(entry):
        text = path.read_text(encoding="utf-8")
        for match in ENV_CALL.finditer(text):
            arguments = _call_arguments(text, text.rindex("(", match.start(), match.start("q")) + 1)
            has_default = re.search(r"\bdefault\s*=", arguments) is not None
            names[match["name"]] = names.get(match["name"], True) and has_default
    return names


# --- platform/Dockerfile -------------------------------------------------------------------------------------


@cache
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    instructions, current = [], ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        current = f"{current} {line}" if current else line
        if current.endswith("\\"):
            current = current[:-1].rstrip()
            continue
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def resolve_image(reference: str) -> str:
    """A FROM argument with the Dockerfile's global ARG defaults substituted."""
    args = {}
    for keyword, arguments in dockerfile_instructions():
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in arguments:
            name, value = arguments.split("=", 1)
            args[name] = value
    return re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m[1], m[0]), reference)


def image_environment() -> dict[str, str]:
    """The ENV of the final stage: what every container of the image starts with."""
    env = {}
    for keyword, arguments in final_stage():
        if keyword == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(arguments) if "=" in part)
    return env


# --- platform/nginx.conf -------------------------------------------------------------------------------------


@cache
def nginx_text() -> str:
    """nginx.conf without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in NGINX_CONF.read_text(encoding="utf-8").splitlines())


Block = list[tuple[list[str], "Block | None"]]


@cache
def nginx_tree() -> Block:
    """nginx.conf as nested (words, children) pairs; children is None for a simple directive."""
    lexer = shlex.shlex(nginx_text(), posix=True, punctuation_chars=";{}")
    lexer.whitespace_split = True
    tokens = []
    for token in lexer:
        # shlex groups adjacent punctuation ("};"): nginx reads each character on its own.
        tokens.extend(token if token and set(token) <= set(";{}") else [token])

    def parse(position: int) -> tuple[Block, int]:
        items: Block = []
        words: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == ";":
                items.append((words, None))
                words = []
            elif token == "{":
                children, position = parse(position)
                items.append((words, children))
                words = []
            elif token == "}":
                return items, position
            else:
                words.append(token)
        assert not words, f"unterminated nginx directive: {words}"
        return items, position

    return parse(0)[0]


def nginx_blocks(block: Block, name: str) -> list[tuple[list[str], Block]]:
    """Every block called `name` (http, server, location…) at any depth: (its arguments, its body)."""
    found = []
    for words, children in block:
        if children is None:
            continue
        if words[0] == name:
            found.append((words[1:], children))
        found.extend(nginx_blocks(children, name))
    return found


def nginx_directives(block: Block) -> list[list[str]]:
    """The simple directives directly inside a block."""
    return [words for words, children in block if children is None]


def nginx_https_server() -> Block:
    (server,) = [
        body
        for _, body in nginx_blocks(nginx_tree(), "server")
        if any(words[:2] == ["listen", "443"] for words in nginx_directives(body))
    ]
    return server


def nginx_locations(server: Block | None = None) -> dict[str, list[list[str]]]:
    """The locations of a server (by default the HTTPS one): "modifier path" → its directives."""
    return {
        " ".join(arguments): nginx_directives(body)
        for arguments, body in nginx_blocks(nginx_https_server() if server is None else server, "location")
    }


def nginx_values(directives: list[list[str]], name: str) -> list[list[str]]:
    return [directive[1:] for directive in directives if directive[0] == name]


def size_in_bytes(size: str) -> int:
    units = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
    match = re.fullmatch(r"(\d+)([kmg]?)", size.lower())
    assert match, f"not an nginx size: {size}"
    return int(match[1]) * units[match[2]]
