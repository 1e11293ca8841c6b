#!/bin/sh
# Prints the statistics of the sample corpus that corpus/README.md quotes, counted from
# labels.tsv and the article files. Usage: corpus/stats.sh [corpus folder]
# Needs only POSIX sh, awk, grep, sort and uniq.
set -eu
dir=${1:-$(dirname "$0")}
labels="$dir/labels.tsv"
articles="$dir/articles"
export LC_ALL=C # byte-wise: the patterns below are UTF-8 byte sequences

rows() { tail -n +2 "$labels"; }
# "count value" lines for column $1 (items of a comma-separated column counted one by one).
tally() { rows | cut -f "$1" | tr ',' '\n' | grep -v '^$' | sort | uniq -c | sort -k1,1nr -k2; }
inline() { awk '{ n = $1; $1 = ""; printf "%s%s=%d", sep, substr($0, 2), n; sep = ", " } END { print "" }'; }

echo "articles: $(ls "$articles"/*.txt | wc -l) files, $(rows | wc -l) label rows"
echo "kind: $(tally 11 | inline)"
echo "year (all, agreement, implementation, other):"
rows | awk -F'\t' '{ y = $7 == "" ? "none" : $7; all[y]++; k[y, $11]++ }
    END { for (y in all) printf "  %s %d %d %d %d\n", y, all[y], k[y, "agreement"],
          k[y, "implementation"], k[y, "other"] }' | sort
echo "carriers named as a party: $(tally 4 | inline)"
echo "articles by number of carriers: $(rows | awk -F'\t' '{ print ($4 == "") ? 0 : split($4, c, ",") }' |
    sort | uniq -c | awk '{ printf "%s%s=%d", sep, $2, $1; sep = ", " } END { print "" }')"
echo "provinces: $(tally 2 | wc -l) distinct, empty in $(rows | awk -F'\t' '$2 == ""' | wc -l) rows"
echo "  $(tally 2 | inline)"
echo "former provinces: $(tally 3 | wc -l) distinct, in $(rows | awk -F'\t' '$3 != ""' | wc -l) rows"
echo "  $(tally 3 | inline)"
echo "pillars: $(tally 10 | inline)"
echo "period given: $(rows | awk -F'\t' '$8 != ""' | wc -l) rows; vision: $(tally 9 | inline)"
echo "published: to the day $(rows | awk -F'\t' 'length($5) == 10' | wc -l)," \
    "to the month $(rows | awk -F'\t' 'length($5) == 7' | wc -l)," \
    "to the year $(rows | awk -F'\t' 'length($5) == 4' | wc -l), none $(rows | awk -F'\t' '$5 == ""' | wc -l)"
echo "signed: $(rows | awk -F'\t' '$6 != ""' | wc -l) rows, before the publication year in" \
    "$(rows | awk -F'\t' '$6 != "" && $5 != "" && substr($6, 1, 4) < substr($5, 1, 4)' | wc -l)"
echo "duplicates: $(rows | awk -F'\t' '$12 != "" { printf "%s%s of %s", sep, $1, $12; sep = ", " } END { print "" }')"

first_lines=$(for f in "$articles"/*.txt; do head -n 1 "$f"; done)
echo "date line: plain $(echo "$first_lines" | grep -cE '^date [0-9-]{4,10}$')," \
    "indented $(echo "$first_lines" | grep -cE '^ +date [0-9-]{4,10}')," \
    "partial $(echo "$first_lines" | grep -cE '^ *date [0-9]{4}(-[0-9]{2})?( |$)')," \
    "with the first sentence on it $(echo "$first_lines" | grep -cE '^ *date [0-9-]{4,10} +[^ ]')," \
    "none $(echo "$first_lines" | grep -cvE '^ *date ')"
echo "no date line and no headline (the story starts on line 1):" \
    "$(echo "$first_lines" | grep -vE '^ *date ' | awk 'NF >= 8 && /[.]$/' | wc -l)"
count() { grep -lE "$1" "$articles"/*.txt | wc -l; }
echo "articles with a menu line: $(count 'Trang ch|^Home |  [^ ].*  [^ ]| \| .* \| | » .* » | > .* > ')," \
    "a time stamp: $(count '^[^.]{0,24}[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}[ ,|-]*[0-9]{1,2}:[0-9]{2}')," \
    "a photo caption: $(count 'Ảnh:|ẢNH:|- Ảnh [0-9]')," \
    "related stories: $(count '^Tin liên quan')"
# Combining diacritics U+0300..U+036F are the UTF-8 bytes CC 80..CD AF.
echo "excerpts (1,700 to 2,200 bytes, cut in a word): $(for f in "$articles"/*.txt; do
    n=$(wc -c <"$f"); [ "$n" -ge 1700 ] && [ "$n" -le 2200 ] && tail -c 1 "$f" | grep -q '[^.!?")[:space:][:digit:]]' && echo x
done | wc -l)"
echo "NFD articles: $(grep -lE "$(printf '\314[\200-\277]|\315[\200-\257]')" "$articles"/*.txt |
    sed 's|.*/||; s|\.txt$||' | tr '\n' ' ')"
for f in "$articles"/*.txt; do
    echo "$(awk '{ w += NF } END { print w + 0 }' "$f") $(wc -c <"$f")"
done | awk '
    { w += $1; b += $2; if (NR == 1 || $1 < wmin) wmin = $1; if ($1 > wmax) wmax = $1
      if (NR == 1 || $2 < bmin) bmin = $2; if ($2 > bmax) bmax = $2 }
    END { printf "words an article: %d to %d, mean %d; bytes: %d to %d, mean %d; %d bytes in all\n",
          wmin, wmax, w / NR, bmin, bmax, b / NR, b }'
