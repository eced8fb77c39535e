#!/usr/bin/env bash
# completion.sh PROGRAM COMPLETION-SCRIPT: the bash completion offers what the program accepts, as bash-completion
# calls it when a user presses Tab.
set -o pipefail # not -u: bash-completion's functions read unset variables
program=$(readlink -f "$1")
script=$(readlink -f "$2")
source /usr/share/bash-completion/bash_completion
source "$script"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bin" "$dir/files"
ln -s "$program" "$dir/bin/supervisor-lab"
PATH=$dir/bin:$PATH
touch "$dir/files/run.jsonl" "$dir/files/run.csv" "$dir/files/notes.txt" "$dir/files/spec.json"
cd "$dir/files"

offers() {
    COMP_LINE=$1
    COMP_POINT=${#1}
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _supervisor_lab supervisor-lab "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}"
}

failures=0
expect() { # expect LINE WORD...: Tab after LINE offers each WORD
    local line=$1 got
    shift
    got=$(offers "$line")
    for word in "$@"; do
        grep -qxF -- "$word" <<<"$got" || {
            echo "FAIL: '$line<Tab>' does not offer '$word'; it offers: $(tr '\n' ' ' <<<"$got")"
            failures=$((failures + 1))
        }
    done
}
refuse() { # refuse LINE WORD...: Tab after LINE offers none of the WORDs
    local line=$1 got
    shift
    got=$(offers "$line")
    for word in "$@"; do
        if grep -qxF -- "$word" <<<"$got"; then
            echo "FAIL: '$line<Tab>' offers '$word'"
            failures=$((failures + 1))
        fi
    done
}

expect "supervisor-lab --sce" --scenario
expect "supervisor-lab --" --headless --export --replay --explore --strategy --jitter --list-scenarios
expect "supervisor-lab --scenario " seed restart-storm one-for-all spec.json
expect "supervisor-lab --scenario restart-" restart-storm restart-types
refuse "supervisor-lab --scenario restart-" seed
expect "supervisor-lab --strategy " one-for-one one-for-all rest-for-one
expect "supervisor-lab --restart t" transient temporary
refuse "supervisor-lab --restart t" permanent
expect "supervisor-lab --jitter " none full equal decorrelated
expect "supervisor-lab --backoff " fixed exponential
expect "supervisor-lab --replay " run.jsonl run.csv
refuse "supervisor-lab --replay " notes.txt spec.json
expect "supervisor-lab --export " run.jsonl run.csv spec.json
expect "supervisor-lab --explore " spec.json
refuse "supervisor-lab --seed " seed run.jsonl

if [ "$failures" -gt 0 ]; then
    echo "$failures completion check(s) failed"
    exit 1
fi
echo "bash completion: every check passed"
