// The scripts `kurtosis completion bash|zsh|fish` prints. Each asks `kurtosis __complete WORDS…` for
// the candidates of the word being typed, so completion always matches the installed CLI.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# kurtosis completion for bash: source <(kurtosis completion bash)
_kurtosis_completion() {
  local IFS=$'\\n'
  COMPREPLY=( $(kurtosis __complete "\${COMP_WORDS[@]:1:$COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _kurtosis_completion kurtosis
`;
    case 'zsh':
      return `#compdef kurtosis
# kurtosis completion for zsh: source <(kurtosis completion zsh)
_kurtosis() {
  local -a candidates
  candidates=("\${(@f)$(kurtosis __complete "\${(@)words[2,$CURRENT]}" 2>/dev/null)}")
  compadd -- $candidates
}
if (( $+functions[compdef] )); then compdef _kurtosis kurtosis; fi
`;
    case 'fish':
      return `# kurtosis completion for fish: kurtosis completion fish | source
complete -c kurtosis -f -a '(kurtosis __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
  }
}
