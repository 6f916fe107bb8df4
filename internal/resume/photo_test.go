package resume

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpHeader returns the start of a lossless WebP file of w×h pixels: all
// that is read to know its type and size.
func webpHeader(w, h int) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	chunk := append([]byte{0x2f}, binary.LittleEndian.AppendUint32(nil, bits)...)
	b := []byte("RIFF")
	b = binary.LittleEndian.AppendUint32(b, uint32(4+8+len(chunk)))
	b = append(b, "WEBPVP8L"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(chunk)))
	return append(b, chunk...)
}

func TestPhoto(t *testing.T) {
	dir := t.TempDir()
	pngData := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	jpegData := encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })
	gifData := encoded(t, func(b *bytes.Buffer, i image.Image) error { return gif.Encode(b, i, nil) })
	files := map[string][]byte{
		"me.png":           pngData,
		"img/my photo.jpg": jpegData,
		"really-jpeg.png":  jpegData, // the bytes decide, not the name
		"me.webp":          webpHeader(640, 480),
		"me.gif":           gifData,
		"notes.jpg":        []byte("just some text, not an image at all"),
		"broken.png":       append([]byte("\x89PNG\r\n\x1a\n"), "garbage after the signature"...),
		"huge.png":         append(pngData, make([]byte, MaxPhotoSize)...),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(t.TempDir(), "outside.png")
	if err := os.WriteFile(outside, pngData, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.png"), 0o755); err != nil {
		t.Fatal(err)
	}

	photo := func(image string) (*Photo, error) {
		r, err := Parse(filepath.Join(dir, "resume.yaml"), []byte("basics:\n  name: Ada\n  image: "+image+"\n"))
		if err != nil {
			t.Fatalf("image %s: %v", image, err)
		}
		return r.Photo(dir)
	}
	for _, c := range []struct {
		image, name, typ string
		w, h             int
	}{
		{"me.png", "me.png", "image/png", 3, 2},
		{"/me.png", "me.png", "image/png", 3, 2},
		{"./img/my%20photo.jpg", "img/my photo.jpg", "image/jpeg", 3, 2},
		{"really-jpeg.png", "really-jpeg.png", "image/jpeg", 3, 2},
		{"me.webp", "me.webp", "image/webp", 640, 480},
	} {
		p, err := photo(c.image)
		if err != nil {
			t.Errorf("%s: %v", c.image, err)
			continue
		}
		if p.Name != c.name || p.Type != c.typ || p.Width != c.w || p.Height != c.h || p.Path != filepath.Join(dir, filepath.FromSlash(c.name)) || p.Size <= 0 {
			t.Errorf("%s: %+v", c.image, p)
		}
	}
	for _, c := range []struct{ image, want string }{
		{"missing.png", `"missing.png" does not exist in ` + dir},
		{"me.gif", `"me.gif" is not a PNG, JPEG or WebP image`},
		{"notes.jpg", `"notes.jpg" is not a PNG, JPEG or WebP image`},
		{"broken.png", `"broken.png" is a damaged png image: `},
		{"huge.png", `"huge.png" is 2.0 MB; a photo may be at most 2 MB`},
		{"../outside.png", `"../outside.png" is outside the resume's directory`},
		{"link.png", `cannot open "link.png": `},
		{"folder.png", `"folder.png" is not a file`},
	} {
		_, err := photo(c.image)
		var inv *Invalid
		if !errors.As(err, &inv) || len(inv.Problems) != 1 {
			t.Errorf("%s: %v, want one problem", c.image, err)
			continue
		}
		p := inv.Problems[0]
		if p.Field != "basics.image" || p.Line != 3 || p.File != filepath.Join(dir, "resume.yaml") || !strings.HasPrefix(p.Msg, c.want) || p.Warning {
			t.Errorf("%s: %+v, want %q", c.image, p, c.want)
		}
	}
	// No image, or one on the web, is no local file to check.
	for _, image := range []string{`""`, "https://example.com/me.png"} {
		if p, err := photo(image); p != nil || err != nil {
			t.Errorf("%s: %+v %v", image, p, err)
		}
	}
}
