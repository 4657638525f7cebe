# bash completion for gdpr. Every candidate comes from `gdpr __complete`, which knows the
# subcommands and options from the program itself and request/contact ids from the database.
_gdpr() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local IFS=$'\n'
  local out
  out=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
  if [[ $out == __files__ ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  local -a words=()
  local line
  for line in $out; do words+=("${line%%$'\t'*}"); done
  COMPREPLY=($(compgen -W "${words[*]}" -- "$cur"))
}
complete -F _gdpr gdpr
