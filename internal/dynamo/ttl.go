package dynamo

// TTLAttributes returns, for each table the stores use (by the suffix of
// its name), the attribute by which DynamoDB's time to live must expire
// its items: "" for a table whose items never expire. It is what Tables
// says, keyed for the checks of a deployment that declares the tables.
func TTLAttributes() map[string]string {
	out := map[string]string{}
	for _, t := range tables() {
		out[t.Suffix] = t.TTLAttribute
	}
	return out
}
