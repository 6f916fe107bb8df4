package dynamo

// TTLAttributes returns, for each table the stores use (by the suffix of
// its name), the attribute by which DynamoDB's time to live must expire
// its items: "" for a table whose items never expire. A deployment that
// declares the tables itself is checked against it.
func TTLAttributes() map[string]string {
	out := map[string]string{}
	for _, spec := range tables() {
		out[spec.suffix] = ""
		if spec.ttl {
			out[spec.suffix] = attrExpires
		}
	}
	return out
}
