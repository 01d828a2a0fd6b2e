"""One-command setup: python3 dev.py demo | test | run [main.py options…]

Creates ``.venv`` beside this file, installs the program with its test tools, installs
the system libraries Qt needs on Debian/Ubuntu when they are missing (apt-get, as root
or through sudo), then opens the demo township, runs the whole test suite, or runs the
program with your options. Works on Windows too (``py -3.11 dev.py demo``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
QT_SYSTEM_PACKAGES = (
    "libegl1", "libgl1", "libglib2.0-0", "libfontconfig1", "libdbus-1-3", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
    "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-randr0",
    "libxcb-xinerama0", "libxcb-xkb1",
)


def say(text: str) -> None:
    print(f"[dev.py] {text}", flush=True)


def run(command: list[str], **options) -> None:
    """Run a command; stop with its exit code if it fails."""
    result = subprocess.run(command, cwd=ROOT, **options)
    if result.returncode != 0:
        say(f"失败（退出码 {result.returncode}）：{' '.join(map(str, command))}")
        sys.exit(result.returncode)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages as root or via sudo; False if that is impossible."""
    if not packages or not shutil.which("apt-get"):
        return not packages
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return False
    say("安装系统软件包：" + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    update = subprocess.run(prefix + ["apt-get", "update", "-qq"], env=env)
    install = subprocess.run(prefix + ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                       *packages], env=env)
    return update.returncode == 0 and install.returncode == 0


def missing_debian_packages(packages) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in packages:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_system_libraries(strict: bool) -> None:
    """Qt's shared libraries on Linux; missing ones are installed or reported."""
    if not sys.platform.startswith("linux"):
        return
    missing = missing_debian_packages(QT_SYSTEM_PACKAGES)
    if missing and not apt_install(missing):
        say("缺少 Qt 所需的系统库：" + " ".join(missing))
        say("请用管理员身份运行：apt-get install -y " + " ".join(missing))
        if strict:
            sys.exit(1)


def ensure_venv() -> None:
    """Create the virtual environment (installing python3-venv on Debian if needed)."""
    if venv_python().exists():
        return
    say("创建虚拟环境 .venv")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
    if result.returncode != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        version = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
        if not apt_install([version]) and not apt_install(["python3-venv"]):
            say("无法创建虚拟环境：请安装 python3-venv 后重试。")
            sys.exit(1)
        run([sys.executable, "-m", "venv", str(VENV)])


def ensure_packages() -> None:
    """pip install the program and its test tools, skipped when nothing changed."""
    wanted = hashlib.sha256((ROOT / "setup.cfg").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("安装 Python 依赖（首次约需几分钟）")
    python = str(venv_python())
    # setuptools warns about editable installs in general; nothing here is to act on.
    quiet = dict(os.environ, PYTHONWARNINGS="ignore")
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env=quiet)
    run([python, "-m", "pip", "install", "--quiet", "-e", ".[test]"], env=quiet)
    STAMP.write_text(wanted)


def tool(name: str) -> str:
    folder = venv_python().parent
    return str(folder / (name + (".exe" if os.name == "nt" else "")))


def run_tests(extra: list[str]) -> None:
    """Lint, layer contracts, then the whole pytest suite."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run([tool("ruff"), "check", "."], env=env)
    run([tool("lint-imports")], env=env)
    run([str(venv_python()), "-m", "pytest", *extra], env=env)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 — dev.py may be started by an older python3
        say("需要 Python 3.11 或更高版本。")
        sys.exit(1)
    command, extra = (argv[0], argv[1:]) if argv else ("demo", [])
    if command not in {"demo", "test", "run"}:
        say("用法：python3 dev.py demo | test | run [main.py 参数]")
        sys.exit(2)
    ensure_system_libraries(strict=command == "test")
    ensure_venv()
    ensure_packages()
    if command == "test":
        run_tests(extra)
    else:
        args = ["--demo", *extra] if command == "demo" else extra
        run([str(venv_python()), str(ROOT / "main.py"), *args])


if __name__ == "__main__":
    main(sys.argv[1:])
