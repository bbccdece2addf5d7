# issue 9: with -j N the workers decode the JSON lines and each thread runs a
# few batches ahead; broken lines spread over many batches (16 lines each)
# must come out the same at -j1 and -j3: clean, check and dedup (both of its
# passes number every line, broken ones too), and dedup --mark. Then a pipe
# closed early at -j3: a clean message and exit 2, no hang.
awk 'BEGIN {
    letters = "abcdefghij"
    for (i = 0; i < 400; i++) {
        m = i % 37
        if (m == 5) { printf "{\"id\": %d, \"text\": \"rusak\n", i; continue }
        if (m == 11) { printf "{\"id\": %d, \"isi\": \"tanpa teks\"}\n", i; continue }
        if (m == 17) { printf "{\"id\": %d, \"text\": 17}\n", i; continue }
        if (m == 23) { printf "{\"id\": %d, \"text\": \"escape \\uZZZZ rusak\"}\n", i; continue }
        # 50 stories of 40 words, each word its own (digits spelled as
        # letters: the matching key folds digits), so i and i + 50 are copies
        n = i % 50
        printf "{\"id\": %d, \"text\": \"Berita", i
        for (w = 0; w < 40; w++)
            printf " k%s%sx%s%s", substr(letters, int(n / 10) + 1, 1), substr(letters, n % 10 + 1, 1),
                substr(letters, int(w / 10) + 1, 1), substr(letters, w % 10 + 1, 1)
        printf ".\"}\n"
    }
}' > in.jsonl
for j in 1 3; do
    "$BERSIH" -q -j $j -o clean$j --report clean$j.jsonl in.jsonl 2> clean$j.err; echo "clean -j$j: $?"
    "$BERSIH" check -q -j $j --report check$j.jsonl in.jsonl 2> check$j.err; echo "check -j$j: $?"
    "$BERSIH" dedup -q -j $j -o dedup$j --report dedup$j.jsonl in.jsonl 2> dedup$j.err; echo "dedup -j$j: $?"
    "$BERSIH" dedup -q -j $j --mark -o mark$j in.jsonl 2> /dev/null; echo "dedup --mark -j$j: $?"
done
for what in clean check dedup; do
    cmp $what"1.jsonl" $what"3.jsonl" && cmp $what"1.err" $what"3.err" && echo "$what: same report and messages"
done
diff -r clean1 clean3 && diff -r dedup1 dedup3 && diff -r mark1 mark3 && echo "outputs identical"
echo "messages: $(wc -l < dedup1.err)"
head -n 4 dedup1.err
echo "written by dedup: $(wc -l < dedup1/in.jsonl) of 400 lines"
echo "broken lines kept: $(grep -c -v '"text": "Berita' dedup1/in.jsonl)"
grep -c '"dedup_status":"duplicate"' mark1/in.jsonl
i=0
while [ $i -lt 20 ]; do cat in.jsonl; i=$((i + 1)); done > big.jsonl
( trap '' PIPE; "$BERSIH" -j 3 big.jsonl 2> pipe.err; echo "$?" > pipe.status ) | head -c 100 > /dev/null
echo "closed pipe: exit $(cat pipe.status)"
grep -v 'in.jsonl\|big.jsonl:' pipe.err
