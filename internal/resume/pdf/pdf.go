// Package pdf renders a resume as a PDF in Go alone, with its fonts
// embedded in the program: no browser, no external tool, so it works in
// CI, offline and on Lambda. The text is real text (selectable, and what
// applicant-tracking systems read), links are clickable, and the content
// and order are those of resume.NewView, as on the page.
package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/signintech/gopdf"

	"github.com/cloudresume/cloudresume/internal/resume"
)

// Options says how to make the PDF.
type Options struct {
	// Paper is the page size; "" takes meta.paper of the resume, else A4.
	Paper resume.Paper
}

// Result tells what Write made.
type Result struct {
	Pages int
	Paper resume.Paper
	// Missing lists the characters the fonts lack, in order of first use;
	// each was printed as '?'.
	Missing []rune
}

// The page, in points: margins, and where the footer sits.
const (
	marginX      = 50
	marginTop    = 46
	marginBottom = 50
	footerGap    = 22 // from the bottom edge to the footer's baseline
)

// family names the embedded font: Liberation Sans, metric-compatible with
// Arial, covers every Latin script (Vietnamese and the combining accents
// included), Greek and Cyrillic; its SIL Open Font License allows
// embedding it in programs and documents.
const family = "Liberation Sans"

// Write writes r as a PDF to w.
func Write(w io.Writer, r *resume.Resume, opts Options) (Result, error) {
	paper := opts.Paper
	if paper == "" {
		p, err := resume.ParsePaper(r.Meta.Paper)
		if err != nil {
			return Result{}, fmt.Errorf("pdf: %w", err)
		}
		paper = p
	}
	if paper == "" {
		paper = resume.A4
	}
	size, err := pageSize(paper)
	if err != nil {
		return Result{}, fmt.Errorf("pdf: %w", err)
	}
	d := &document{size: size, widths: map[widthKey]float64{}}
	d.pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: size})
	d.pdf.SetCompressLevel(9)
	if err := d.pdf.AddTTFFontDataWithOption(family, liberationsansregular.TTF, gopdf.TtfOption{Style: gopdf.Regular}); err != nil {
		return Result{}, fmt.Errorf("pdf: font: %w", err)
	}
	if err := d.pdf.AddTTFFontDataWithOption(family, liberationsansbold.TTF, gopdf.TtfOption{Style: gopdf.Bold}); err != nil {
		return Result{}, fmt.Errorf("pdf: font: %w", err)
	}

	v := resume.NewView(r)
	b := &builder{m: d, clean: newSanitizer(d), width: size.W - 2*marginX}
	b.header(v)
	b.about(v.About)
	for _, s := range v.Sections {
		b.section(s)
	}
	if d.err != nil {
		return Result{}, fmt.Errorf("pdf: %w", d.err)
	}
	lines := paginate(b.lines, marginTop, size.H-marginBottom)
	pages := 1
	if n := len(lines); n > 0 {
		pages = lines[n-1].page + 1
	}
	d.pdf.SetInfo(info(v, r.Meta.LastModified))
	if err := d.draw(lines, b.outline, pages, v.Name, b.clean); err != nil {
		return Result{}, fmt.Errorf("pdf: %w", err)
	}
	if _, err := d.pdf.WriteTo(w); err != nil {
		return Result{}, fmt.Errorf("pdf: write: %w", err)
	}
	return Result{Pages: pages, Paper: paper, Missing: b.clean.missing}, nil
}

func pageSize(p resume.Paper) (gopdf.Rect, error) {
	switch p {
	case resume.A4:
		return gopdf.Rect{W: 595.28, H: 841.89}, nil
	case resume.Letter:
		return gopdf.Rect{W: 612, H: 792}, nil
	}
	return gopdf.Rect{}, fmt.Errorf("%q is not a paper size: use a4 or letter", p)
}

// info is the document's metadata. Its date is the resume's own
// (meta.lastModified), not the clock's, so the same resume makes the
// same file.
func info(v *resume.View, modified string) gopdf.PdfInfo {
	title := v.Name
	if v.Label != "" {
		title += " – " + v.Label
	}
	i := gopdf.PdfInfo{Title: title, Author: v.Name, Subject: "Resume", Creator: "cloudresume"}
	if t, err := time.Parse(time.RFC3339, modified); err == nil {
		i.CreationDate = t.UTC()
	}
	return i
}

// document is the PDF being made; it measures text with the fonts it
// embeds. The first error of a font call is kept in err.
type document struct {
	pdf  gopdf.GoPdf
	size gopdf.Rect
	err  error
	// widths caches measured text: the same words come again and again,
	// and gopdf measures character by character. It holds at most the
	// distinct words of one resume, which MaxFileSize bounds.
	widths map[widthKey]float64
}

type widthKey struct {
	text string
	st   style
}

func (d *document) setFont(st style) {
	s := gopdf.Regular
	if st.bold {
		s = gopdf.Bold
	}
	if err := d.pdf.SetFontWithStyle(family, s, st.size); err != nil && d.err == nil {
		d.err = err
	}
}

func (d *document) width(text string, st style) float64 {
	k := widthKey{text, st}
	if w, ok := d.widths[k]; ok {
		return w
	}
	d.setFont(st)
	w, err := d.pdf.MeasureTextWidth(text)
	if err != nil && d.err == nil {
		d.err = err
	}
	d.widths[k] = w
	return w
}

func (d *document) has(r rune, bold bool) bool {
	d.setFont(style{bold: bold, size: 10})
	ok, err := d.pdf.IsCurrFontContainGlyph(r)
	return ok && err == nil
}

// draw puts the placed lines on their pages, with a footer on each.
func (d *document) draw(lines []placed, outline []heading, pages int, name string, clean *sanitizer) error {
	isHeading := map[int]string{}
	for _, h := range outline {
		isHeading[h.line] = h.label
	}
	page := -1
	for i, l := range lines {
		for page < l.page {
			page++
			d.pdf.AddPage()
			footer := clean.text(name, false) + separator + "page " + strconv.Itoa(page+1) + " of " + strconv.Itoa(pages)
			if name == "" {
				footer = footer[len(separator):]
			}
			fw := d.width(footer, footerStyle)
			if err := d.text(span{text: footer, st: footerStyle}, (d.size.W-fw)/2, d.size.H-footerGap); err != nil {
				return err
			}
		}
		base := baseline(l.line, l.y)
		if label, ok := isHeading[i]; ok {
			d.pdf.SetXY(marginX, l.y)
			d.pdf.AddOutlineWithPosition(label)
		}
		x := marginX + l.indent
		if l.bullet {
			if err := d.text(span{text: "•", st: bodyStyle}, x-bulletIndent+2, base); err != nil {
				return err
			}
		}
		for _, s := range l.spans {
			if err := d.text(s, x, base); err != nil {
				return err
			}
			x += d.width(s.text, s.st)
		}
		if len(l.right) > 0 {
			rw := 0.0
			for _, s := range l.right {
				rw += d.width(s.text, s.st)
			}
			x = d.size.W - marginX - rw
			for _, s := range l.right {
				if err := d.text(s, x, base); err != nil {
					return err
				}
				x += d.width(s.text, s.st)
			}
		}
		if l.rule {
			d.pdf.SetStrokeColor(accent[0], accent[1], accent[2])
			d.pdf.SetLineWidth(0.6)
			y := l.y + l.height - 1
			d.pdf.Line(marginX, y, d.size.W-marginX, y)
		}
	}
	return d.err
}

// baseline returns where text of the line sits: the line's text centred
// in its height.
func baseline(l line, top float64) float64 {
	size := 0.0
	for _, s := range append(l.spans, l.right...) {
		size = max(size, s.st.size)
	}
	return top + (l.height+size)/2 - 0.12*size
}

// text draws one span with its baseline at y, and its link over it.
func (d *document) text(s span, x, y float64) error {
	if s.text == "" {
		return nil
	}
	d.setFont(s.st)
	d.pdf.SetTextColor(s.st.color[0], s.st.color[1], s.st.color[2])
	d.pdf.SetXY(x, y)
	if err := d.pdf.Text(s.text); err != nil {
		return err
	}
	if s.link != "" {
		// A space that wrapping put in front of the span is not part of the link.
		text := strings.TrimLeft(s.text, " ")
		lead := d.width(s.text, s.st) - d.width(text, s.st)
		d.pdf.AddExternalLink(s.link, x+lead, y-0.9*s.st.size, d.width(text, s.st), 1.15*s.st.size)
	}
	return d.err
}
