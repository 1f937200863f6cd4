"""Reference solutions of the notebooks' exercises, one module per notebook (exercises/ holds the checks).
Look here only after trying: `ex.solution(name)` in a notebook prints one."""
