package dynamo

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cloudresume/cloudresume/internal/movies"
	"github.com/cloudresume/cloudresume/internal/problem"
)

var _ movies.Store = (*MovieStore)(nil)

// Items of the movies table: every movie lives in the one partition
// "movie", as an info item and a rating item, either of which may be
// missing:
//
//	pk      sk                  attributes
//	movie   <id> \x01 "info"    movie_id, name, country_of_origin, release_date
//	movie   <id> \x01 "rating"  movie_id, rotten_tomatoes, imdb
//
// Infos and ratings are separate items because they are written apart: a
// batch put of infos replaces whole items and must not erase ratings.
//
// Sort keys compare as bytes, and the separator \x01 is below every byte
// an ID may hold (IDs have no control characters or spaces), so the sort
// key order is the ID order, with a movie's two items side by side: a
// page of the listing is one Query from after the last ID of the page
// before. One partition takes about 1,000 writes a second, which bounds
// the speed of an import, not its size (without local indexes a partition
// has no size limit).
const (
	pkMovie    = "movie"
	sep        = "\x01"
	kindInfo   = "info"
	kindRating = "rating"

	attrMovieID = "movie_id"
	attrName    = "name"
	attrCountry = "country_of_origin"
	attrRelease = "release_date"
	attrRT      = "rotten_tomatoes"
	attrIMDB    = "imdb"
)

// MovieStore keeps the movies catalog in the movies table.
type MovieStore struct {
	db *DB
}

// NewMovieStore answers a MovieStore over db.
func NewMovieStore(db *DB) *MovieStore { return &MovieStore{db: db} }

func movieSK(id, kind string) string { return id + sep + kind }

// PutInfos writes infos with batch writes of 25, several at a time. A
// batch may name an ID twice (one BatchWriteItem may not), so the last
// info of an ID wins, as if they were put one after another.
func (s *MovieStore) PutInfos(ctx context.Context, infos []movies.Info) error {
	last := make(map[string]int, len(infos))
	for i, in := range infos {
		last[in.MovieID] = i
	}
	reqs := make([]types.WriteRequest, 0, len(last))
	for i, in := range infos {
		if last[in.MovieID] != i {
			continue
		}
		it := key(pkMovie, movieSK(in.MovieID, kindInfo))
		it[attrMovieID] = str(in.MovieID)
		it[attrName] = str(in.Name)
		// Empty optional fields are left out rather than stored empty.
		if in.CountryOfOrigin != "" {
			it[attrCountry] = str(in.CountryOfOrigin)
		}
		if in.ReleaseDate != "" {
			it[attrRelease] = str(in.ReleaseDate)
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
	}
	if err := writeBatches(ctx, s.db.client, *s.db.table(moviesTable), reqs, s.db.retry); err != nil {
		return fmt.Errorf("put %d movie infos: %w", len(reqs), err)
	}
	return nil
}

// UpdateRating sets only the fields given in one UpdateItem, so that two
// concurrent patches of different fields both take effect, and answers
// the rating after it.
func (s *MovieStore) UpdateRating(ctx context.Context, id string, patch movies.RatingPatch) (movies.Rating, error) {
	if why := movies.ValidateID(id); why != "" {
		return movies.Rating{}, problem.Fields{"movie_id": why}
	}
	if err := patch.Validate(); err != nil {
		return movies.Rating{}, err
	}
	sets := []string{"#id = :id"}
	names := map[string]string{"#id": attrMovieID}
	values := item{":id": str(id)}
	if patch.RottenTomatoes != nil {
		sets = append(sets, "#rt = :rt")
		names["#rt"], values[":rt"] = attrRT, num(int64(*patch.RottenTomatoes))
	}
	if patch.IMDB != nil {
		sets = append(sets, "#imdb = :imdb")
		names["#imdb"], values[":imdb"] = attrIMDB, num(int64(*patch.IMDB))
	}
	out, err := s.db.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 s.db.table(moviesTable),
		Key:                       key(pkMovie, movieSK(id, kindRating)),
		UpdateExpression:          aws.String("SET " + strings.Join(sets, ", ")),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ReturnValues:              types.ReturnValueAllNew,
	})
	if err != nil {
		return movies.Rating{}, fmt.Errorf("update rating of %q: %w", id, err)
	}
	r, err := ratingOf(out.Attributes)
	if err != nil {
		return movies.Rating{}, fmt.Errorf("rating of %q: %w", id, err)
	}
	return r, nil
}

// Get answers the merged movie with one Query of its two items.
func (s *MovieStore) Get(ctx context.Context, id string) (movies.Movie, error) {
	if movies.ValidateID(id) != "" {
		return movies.Movie{}, fmt.Errorf("movie %q: %w", id, problem.ErrNotFound)
	}
	var m movies.Movie
	var perr error
	err := query(ctx, s.db.client, &dynamodb.QueryInput{
		TableName:                 s.db.table(moviesTable),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :id)"),
		ExpressionAttributeValues: item{":pk": str(pkMovie), ":id": str(id + sep)},
	}, func(it item) bool {
		perr = addHalf(&m, it)
		return perr == nil
	})
	if err == nil {
		err = perr
	}
	if err != nil {
		return movies.Movie{}, fmt.Errorf("get movie %q: %w", id, err)
	}
	return movies.Found(id, m)
}

// List answers a page of merged movies in ID order: one Query of the items
// after the cursor's ID, read until the movie after the page's last shows
// that there is a next page.
func (s *MovieStore) List(ctx context.Context, limit int, cursor string) (movies.Page, error) {
	after, err := movies.PageStart(limit, cursor)
	if err != nil {
		return movies.Page{}, err
	}
	in := &dynamodb.QueryInput{
		TableName:                 s.db.table(moviesTable),
		ConsistentRead:            aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: item{":pk": str(pkMovie)},
		// Two items per movie, and one more movie to know about a next page.
		Limit: aws.Int32(int32(2*limit + 2)),
	}
	if after != "" {
		// after + \x02 is above every item of after and below every later ID.
		in.KeyConditionExpression = aws.String("pk = :pk AND sk > :after")
		in.ExpressionAttributeValues[":after"] = str(after + "\x02")
	}
	page := movies.Page{Movies: make([]movies.Movie, 0, limit)}
	var perr error
	err = query(ctx, s.db.client, in, func(it item) bool {
		id, _, _ := strings.Cut(getS(it, attrSK), sep)
		n := len(page.Movies)
		if n == 0 || page.Movies[n-1].MovieID != id {
			if n == limit {
				page.Next = movies.EncodeCursor(page.Movies[n-1].MovieID)
				return false
			}
			page.Movies = append(page.Movies, movies.Movie{MovieID: id})
			n++
		}
		perr = addHalf(&page.Movies[n-1], it)
		return perr == nil
	})
	if err == nil {
		err = perr
	}
	if err != nil {
		return movies.Page{}, fmt.Errorf("list movies: %w", err)
	}
	return page, nil
}

// addHalf sets the half of m that it holds.
func addHalf(m *movies.Movie, it item) error {
	_, kind, _ := strings.Cut(getS(it, attrSK), sep)
	switch kind {
	case kindInfo:
		m.Info = &movies.Info{
			MovieID:         getS(it, attrMovieID),
			Name:            getS(it, attrName),
			CountryOfOrigin: getS(it, attrCountry),
			ReleaseDate:     getS(it, attrRelease),
		}
	case kindRating:
		r, err := ratingOf(it)
		if err != nil {
			return err
		}
		m.Rating = &r
	}
	return nil
}

// ratingOf reads a rating item.
func ratingOf(it item) (movies.Rating, error) {
	r := movies.Rating{MovieID: getS(it, attrMovieID)}
	for name, dst := range map[string]**int{attrRT: &r.RottenTomatoes, attrIMDB: &r.IMDB} {
		if !hasN(it, name) {
			continue
		}
		n, err := getN(it, name)
		if err != nil {
			return movies.Rating{}, err
		}
		v := int(n)
		*dst = &v
	}
	return r, nil
}
