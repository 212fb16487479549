# Sourced by bin/strata and .ci/run: picks a Java 21+ runtime.
# strata_find_java prints the path of a java binary (major >= 21) and returns 0, or prints the best
# candidate it rejected ("<major> <path>", or nothing) and returns 1. Order: $JAVA_HOME, java on the
# PATH, then the newest JDK under /usr/lib/jvm or /Library/Java/JavaVirtualMachines.

STRATA_MIN_JAVA=21

# The major version of a java binary ("1.8.0_x" -> 8, "21.0.2" -> 21), or nothing. The JDK's release file answers
# without starting a JVM (which would double the start-up time of every command); `java -version` otherwise.
strata_java_major() {
    local version release
    release=$(dirname "$(dirname "$(strata_resolve "$1")")")/release
    if [ -f "$release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)
    fi
    if [ -z "${version:-}" ]; then
        version=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    case "$version" in
        1.*) version=${version#1.} ;;
    esac
    version=${version%%[.+-]*}
    case "$version" in
        '' | *[!0-9]*) return 1 ;;
    esac
    printf '%s\n' "$version"
}

strata_find_java() {
    local candidate major rejected="" best="" best_major=0
    for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        major=$(strata_java_major "$candidate") || continue
        if [ "$major" -ge "$STRATA_MIN_JAVA" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
        [ -n "$rejected" ] || rejected="$major $candidate"
    done
    for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
        [ -x "$candidate" ] || continue
        major=$(strata_java_major "$candidate") || continue
        if [ "$major" -gt "$best_major" ]; then
            best=$candidate
            best_major=$major
        fi
    done
    if [ "$best_major" -ge "$STRATA_MIN_JAVA" ]; then
        printf '%s\n' "$best"
        return 0
    fi
    if [ -n "$rejected" ]; then
        printf '%s\n' "$rejected"
    elif [ -n "$best" ]; then
        printf '%s\n' "$best_major $best"
    fi
    return 1
}

# Follows symlinks (/usr/bin/java -> /etc/alternatives/java -> ...); macOS has no readlink -f.
strata_resolve() {
    local path=$1 target
    while [ -L "$path" ]; do
        target=$(readlink "$path")
        case "$target" in
            /*) path=$target ;;
            *) path=$(dirname "$path")/$target ;;
        esac
    done
    printf '%s\n' "$path"
}

# Prints the one-line complaint for a failed strata_find_java result.
strata_java_complaint() {
    if [ -n "$1" ]; then
        printf 'needs Java %s or newer (found %s at %s); set JAVA_HOME\n' "$STRATA_MIN_JAVA" "${1%% *}" "${1#* }"
    else
        printf 'needs Java %s or newer (none found); set JAVA_HOME\n' "$STRATA_MIN_JAVA"
    fi
}
