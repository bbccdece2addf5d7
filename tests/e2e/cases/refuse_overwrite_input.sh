# issue 3: -o that would overwrite an input is refused; the input is intact.
# The check is made as the output is renamed into place (RENAME_NOREPLACE,
# then stat when a file is there): an output over another file, as a
# second run into the same directory, still replaces it. dedup -o too.
printf 'a\r\nb\r\n' > a.txt
cp a.txt orig.txt
"$BERSIH" -q -o . a.txt
status=$?
cmp a.txt orig.txt && echo "input intact"
"$BERSIH" -q -o out a.txt; echo "first: $?"
printf 'old\n' > out/a.txt
"$BERSIH" -q -o out a.txt; echo "again: $?"
od -c out/a.txt | head -2
"$BERSIH" dedup -q -o . a.txt; echo "dedup: $?"
cmp a.txt orig.txt && echo "input intact"
ls -a | grep -c bersih
exit $status
