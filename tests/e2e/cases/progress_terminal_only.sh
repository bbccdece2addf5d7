# issue 7: the progress line appears when stderr is a terminal and the run
# lasts over a second, and never when stderr is not a terminal. `script`
# (util-linux) gives bersih a pseudo-terminal; a FIFO holds the run open.
command -v script >/dev/null 2>&1 || { echo "script(1) is not installed" >&2; exit 77; }
feed() {
    i=0
    while [ $i -lt 600 ]; do printf '{"text": "Baris %d."}\n' $i; i=$((i + 1)); done
    sleep 1.5
    while [ $i -lt 1300 ]; do printf '{"text": "Baris %d."}\n' $i; i=$((i + 1)); done
}
mkfifo f1.jsonl f2.jsonl f3.jsonl f4.jsonl
feed > f1.jsonl &
script -qec "\"$BERSIH\" -o out1 f1.jsonl" /dev/null > tty.txt
feed > f2.jsonl &
"$BERSIH" -o out2 f2.jsonl 2> piped.txt
# with threads (also under TSan), over two inputs: the progress line reads
# the count a batch took under the reader's lock, never the reader
feed > f3.jsonl &
feed > f4.jsonl &
script -qec "\"$BERSIH\" -j 3 -o out3 f3.jsonl f4.jsonl" /dev/null > tty3.txt
echo "-j 3: exit $?"
wait
grep -c 'articles, .* MB/s' tty.txt | sed 's/^[1-9][0-9]*$/terminal: progress shown/'
grep -c '^bersih: 1300 articles' piped.txt
grep -c "$(printf '\033')" piped.txt | sed 's/^0$/piped: no progress line/'
grep -c 'articles, .* MB/s' tty3.txt | sed 's/^[1-9][0-9]*$/terminal, -j 3: progress shown/'
