# --mark writes the representative's input name as a JSON string, escaped
# as the report escapes it: a file name with a tab in it gave "\t" raw (an
# invalid JSON line) until the CLI's own escaper gave way to the library's.
name=$(printf 'a\tb.jsonl')
awk 'BEGIN { RS = "\0" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\n/, "\\n"); t = $0 }
     END { printf "{\"id\":1,\"text\":\"%s\"}\n{\"id\":2,\"text\":\"%s\"}\n", t, t }' \
    "$SAMPLES/asahan-pakta-integritas.txt" > "$name"
"$BERSIH" dedup -q --mark -o marked "$name"; echo "mark: $?"
grep -o '"duplicate_of":.*' "marked/$name"
