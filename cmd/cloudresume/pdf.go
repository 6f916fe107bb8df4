package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/pdf"
)

func runPDF(ctx context.Context, e *env, args []string) error {
	var out, paper string
	f := newFlags(e, "pdf", "[flags]", "Write the resume as a PDF: real, selectable text, clickable links, fonts embedded.", "resume")
	f.StringVar(&out, "o", "resume.pdf", "output file; - writes to standard output")
	f.StringVar(&paper, "paper", "", "page size, a4 or letter (default: meta.paper of the resume, else a4)")
	cfg, help, err := parse(e, f, args)
	if help || err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return usageError("pdf takes no arguments, got %q", f.Arg(0))
	}
	p, err := resume.ParsePaper(paper)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--paper: %w", err)}
	}
	r, err := app.LoadResume(cfg.ResumePath)
	if err != nil {
		return err
	}
	res, err := writePDF(e, out, r, p)
	if err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(e.stdout, "wrote %s: %s, %s\n", out, count(res.Pages, "page"), paperName(res.Paper))
	}
	return nil
}

// paperName returns how people write a paper size: "A4", "Letter".
func paperName(p resume.Paper) string {
	if p == resume.Letter {
		return "Letter"
	}
	return strings.ToUpper(string(p))
}

// writePDF writes r as a PDF to path ("-" is standard output), and warns
// of the characters the fonts lack.
func writePDF(e *env, path string, r *resume.Resume, paper resume.Paper) (pdf.Result, error) {
	var b bytes.Buffer
	res, err := pdf.Write(&b, r, pdf.Options{Paper: paper})
	if err != nil {
		return res, err
	}
	if path == "-" {
		_, err = e.stdout.Write(b.Bytes())
	} else {
		err = os.WriteFile(path, b.Bytes(), 0o644)
	}
	if err != nil {
		return res, fmt.Errorf("write pdf: %w", err)
	}
	if len(res.Missing) > 0 {
		var names []string
		for _, c := range res.Missing {
			names = append(names, strconv.QuoteRune(c)+" ("+fmt.Sprintf("%U", c)+")")
		}
		fmt.Fprintf(e.stderr, "cloudresume: warning: the PDF's fonts lack %s, printed as ?\n", strings.Join(names, ", "))
	}
	return res, nil
}
