# fish completion for gdpr: candidates (with descriptions) come from `gdpr __complete`.
function __gdpr_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($words[1] __complete -- $words[2..-1] $current 2>/dev/null)
    if test "$out" = __files__
        __fish_complete_path $current
    else
        printf '%s\n' $out
    end
end
complete -c gdpr -f -a '(__gdpr_complete)'
