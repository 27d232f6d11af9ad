# Sourced by bin/qsweep and bench/run: whether a built jar is out of date with its sources.
#
#   jar_stale JAR PATH...   exit 0 (stale) when JAR is missing or older than any .java file, pom.xml or file under a
#                           resources/ directory among the PATHs (directories are searched, missing ones ignored)
#
# A launcher that runs a jar older than the checkout runs yesterday's code: a benchmark measured a build two commits
# behind before this check existed.
jar_stale() {
  local jar=$1
  shift
  [ -f "$jar" ] || return 0
  local existing=()
  local p
  for p in "$@"; do
    [ -e "$p" ] && existing+=("$p")
  done
  [ ${#existing[@]} -gt 0 ] || return 1
  [ -n "$(find "${existing[@]}" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -type f \
    -newer "$jar" -print -quit)" ]
}
