# issue 3/8: FIFOs, sockets, symlink loops and dangling links inside a
# directory are skipped with a warning, never blocked on; exit stays 0; two
# links that point at each other are a loop, not dangling
mkdir -p d/sub
printf 'Satu dua tiga.\n' > d/sub/a.txt
mkfifo d/fifo
"$TOOLS/mksock" d/sock
ln -s .. d/sub/loop
ln -s nowhere d/dangling
ln -s ring2 d/ring1
ln -s ring1 d/ring2
timeout 60 "$BERSIH" -q -o out d
status=$?
find out -type f | sort
exit $status
