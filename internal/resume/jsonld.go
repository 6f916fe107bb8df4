package resume

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The schema.org description of the page, for search engines.
type ldProfilePage struct {
	Context      string   `json:"@context"`
	Type         string   `json:"@type"`
	URL          string   `json:"url,omitempty"`
	DateModified string   `json:"dateModified,omitempty"`
	MainEntity   ldPerson `json:"mainEntity"`
}

type ldPerson struct {
	Type          string         `json:"@type"`
	Name          string         `json:"name"`
	JobTitle      string         `json:"jobTitle,omitempty"`
	Description   string         `json:"description,omitempty"`
	URL           string         `json:"url,omitempty"`
	Image         string         `json:"image,omitempty"`
	Email         string         `json:"email,omitempty"`
	Telephone     string         `json:"telephone,omitempty"`
	Address       *ldAddress     `json:"address,omitempty"`
	SameAs        []string       `json:"sameAs,omitempty"`
	WorksFor      []ldOrg        `json:"worksFor,omitempty"`
	AlumniOf      []ldOrg        `json:"alumniOf,omitempty"`
	KnowsAbout    []string       `json:"knowsAbout,omitempty"`
	KnowsLanguage []string       `json:"knowsLanguage,omitempty"`
	HasCredential []ldCredential `json:"hasCredential,omitempty"`
}

type ldAddress struct {
	Type     string `json:"@type"`
	Locality string `json:"addressLocality,omitempty"`
	Region   string `json:"addressRegion,omitempty"`
	Country  string `json:"addressCountry,omitempty"`
}

type ldOrg struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldCredential struct {
	Type         string `json:"@type"`
	Name         string `json:"name"`
	Category     string `json:"credentialCategory"`
	RecognizedBy *ldOrg `json:"recognizedBy,omitempty"`
}

// jsonLD returns the ProfilePage as JSON that is safe inside a script
// element: encoding/json writes <, > and & as \u escapes, so no "</script"
// can occur. image is the photo's absolute URL, or "".
func jsonLD(r *Resume, pageURL, image string) ([]byte, error) {
	b := r.Basics
	p := ldPerson{
		Type:        "Person",
		Name:        b.Name,
		JobTitle:    b.Label,
		Description: strings.Join(strings.Fields(b.Summary), " "),
		URL:         webURL(b.URL),
		Image:       image,
		Email:       b.Email,
		Telephone:   b.Phone,
	}
	if p.URL == "" {
		p.URL = pageURL
	}
	if l := b.Location; l.City != "" || l.Region != "" || l.CountryCode != "" {
		p.Address = &ldAddress{Type: "PostalAddress", Locality: l.City, Region: l.Region, Country: l.CountryCode}
	}
	for _, pr := range b.Profiles {
		if u := webURL(pr.URL); u != "" {
			p.SameAs = append(p.SameAs, u)
		}
	}
	for _, w := range r.Work {
		if w.Name != "" && w.EndDate.IsZero() {
			p.WorksFor = append(p.WorksFor, ldOrg{Type: "Organization", Name: w.Name, URL: webURL(w.URL)})
		}
	}
	for _, e := range r.Education {
		if e.Institution != "" {
			p.AlumniOf = append(p.AlumniOf, ldOrg{Type: "EducationalOrganization", Name: e.Institution, URL: webURL(e.URL)})
		}
	}
	for _, s := range r.Skills {
		p.KnowsAbout = append(p.KnowsAbout, s.Keywords...)
	}
	for _, l := range r.Languages {
		if l.Language != "" {
			p.KnowsLanguage = append(p.KnowsLanguage, l.Language)
		}
	}
	for _, c := range r.Certificates {
		if c.Name == "" {
			continue
		}
		cred := ldCredential{Type: "EducationalOccupationalCredential", Name: c.Name, Category: "certificate"}
		if c.Issuer != "" {
			cred.RecognizedBy = &ldOrg{Type: "Organization", Name: c.Issuer}
		}
		p.HasCredential = append(p.HasCredential, cred)
	}
	page := ldProfilePage{
		Context:      "https://schema.org",
		Type:         "ProfilePage",
		URL:          pageURL,
		DateModified: r.Meta.LastModified,
		MainEntity:   p,
	}
	out, err := json.Marshal(page)
	if err != nil {
		return nil, fmt.Errorf("json-ld: %w", err)
	}
	return out, nil
}
