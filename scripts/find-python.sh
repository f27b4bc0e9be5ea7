#!/usr/bin/env bash
# Print the path of a Python interpreter of the given minor version (e.g. 3.10), or fail with one clear sentence.
# Looks on PATH first, then in pyenv. Usage: scripts/find-python.sh 3.10 [purpose]
set -euo pipefail
want="${1:?usage: find-python.sh X.Y [purpose]}"
purpose="${2:-MySay}"
ok() { "$1" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" >/dev/null 2>&1; }
for cand in "python$want" ; do
  p="$(command -v "$cand" 2>/dev/null || true)"
  if [ -n "$p" ] && ok "$p"; then "$p" -c 'import sys; print(sys.executable)'; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E "^${want//./\\.}(\.[0-9]+)?$" | sort -rV); do
    p="$(pyenv root)/versions/$v/bin/python$want"
    if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
  done
fi
for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want"*/bin/python"$want" /usr/bin/python"$want" /usr/local/bin/python"$want"; do
  if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
done
echo "MySay needs Python $want for the $purpose but none was found on PATH or in pyenv: install it (for example 'pyenv install $want') and run the command again." >&2
exit 1
