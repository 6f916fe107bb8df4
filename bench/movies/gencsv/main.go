// Command gencsv writes a CSV file of movie infos for the import benchmark:
// a header, then -rows rows with unique IDs in a scattered order (or in ID
// order with -sorted), some names quoted with commas and doubled quotes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "number of rows")
	sorted := flag.Bool("sorted", false, "write the rows in ID order")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	if err := run(*rows, *sorted, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
}

func run(rows int, sorted bool, out string) error {
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	countries := []string{"United States", "France", "Japan", "India", "Nigeria", "Brazil", "South Korea", "Côte d'Ivoire"}
	fmt.Fprint(bw, "movie_id,name,country_of_origin,release_date\r\n")
	for i := range rows {
		n := i
		if !sorted {
			// 7919 is prime and divides no power of ten: i -> n is a permutation for rows = 10^k.
			n = int((uint64(i)*7919 + 13) % uint64(rows))
		}
		name := fmt.Sprintf("Movie number %d", n)
		if n%10 == 0 {
			name = fmt.Sprintf("\"The \"\"Quoted\"\" Movie, part %d\"", n)
		}
		fmt.Fprintf(bw, "tt%07d,%s,%s,%04d-%02d-%02d\r\n", n, name, countries[n%len(countries)], 1920+n%100, n%12+1, n%28+1)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && out != "-" {
		return f.Close()
	}
	return nil
}
