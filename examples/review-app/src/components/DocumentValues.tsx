import type { ReviewResourcesFragment } from "../gql/graphql";
import type { FieldErrors } from "../review/field-errors";

type Values = NonNullable<NonNullable<NonNullable<ReviewResourcesFragment["idDocuments"]>[number]["documentFields"]>["values"]>;

/** The fields shown, in reading order, with their labels. */
const FIELDS: readonly [keyof Values, string][] = [
  ["fullName", "Full name"],
  ["givenNames", "Given names"],
  ["familyName", "Family name"],
  ["dateOfBirth", "Date of birth"],
  ["gender", "Gender"],
  ["nationality", "Nationality"],
  ["placeOfBirth", "Place of birth"],
  ["documentNumber", "Document number"],
  ["dateOfIssue", "Date of issue"],
  ["expirationDate", "Expires"],
  ["issuingAuthority", "Issuing authority"],
  ["structuredPostalAddress", "Address"],
];

const text = (value: Values[keyof Values]): string | null | undefined => (value && typeof value === "object" ? value.formattedAddress : value);

/**
 * The values Yoti extracted from each identity document, as the gateway returns them for the
 * caller's scopes (full, or masked with `pii:masked`); a field the caller may not read at all comes
 * back null with FORBIDDEN and shows as "not permitted".
 */
export function DocumentValues({ documents, errors, basePath }: { documents: ReviewResourcesFragment["idDocuments"] | undefined; errors: FieldErrors; basePath: readonly (string | number)[] }) {
  if (!documents || documents.length === 0) return <p className="muted">No identity document yet.</p>;
  return (
    <>
      {documents.map((doc, i) => {
        const valuesPath = [...basePath, "idDocuments", i, "documentFields", "values"];
        const values = doc.documentFields?.values;
        return (
          <div key={doc.id ?? i} className="document">
            <h3>
              {doc.documentType ?? "Document"} {doc.issuingCountry && <span className="muted">({doc.issuingCountry})</span>}
            </h3>
            {!values && errors.forbidden(valuesPath) ? (
              <p className="not-permitted">Document values: not permitted</p>
            ) : !values ? (
              <p className="muted">No extracted values.</p>
            ) : (
              <dl className="values">
                {FIELDS.map(([field, label]) => {
                  const value = text(values[field]);
                  const forbidden = value == null && errors.forbidden([...valuesPath, field]);
                  if (value == null && !forbidden) return null;
                  return (
                    <div key={field} data-field={field}>
                      <dt>{label}</dt>
                      <dd className={forbidden ? "not-permitted" : undefined}>{forbidden ? "not permitted" : value}</dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </div>
        );
      })}
    </>
  );
}
