/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "2f6e63ea5cad0f6a38a85f1feabd6ebe0843208de6ff4193b9b20ea820502112",
  "bundles/patient-000002.json": "2bb565729e4255c56e25f6976d0f81c7542981b111b8ed61c00161560c316752",
  "bundles/patient-000003.json": "8eb5b3b1ca6a61d3bbaa6a9a6f9776f9f71715d516e3a4a828c5a1463f06b1bd",
  "bundles/shared.json": "8e89f197d5c61b264f8709bc0e06c94899cc4d0b6b29258bdaae5fc9cc502b0e",
  "manifest.json": "c8349e2ca2f49be814f8941f7f6e9718908755f70cff62e21088d8b0ec69cb0e",
  "ndjson/AllergyIntolerance.ndjson": "fdc1cf10042f19ec94e2e2337afe0f7fbe59bcd85175d359acee31b0b272f61f",
  "ndjson/Condition.ndjson": "174b7045637ad39717d1c70c5d89f725bfa0cf8f72657ee60349d17d4ae4d95d",
  "ndjson/DiagnosticReport.ndjson": "90137feb682597b7cb5561347c61f2e02261403a7a11b94614baffdbd75bccb0",
  "ndjson/DocumentReference.ndjson": "6e91119d4fb0c4cba87b8247829c8b4de43ddbef5819412a8cf6266cb2a48502",
  "ndjson/Encounter.ndjson": "f92b294261edfa9d17633bfa4be1458bd8d535a18c208d344fd410928d0e8248",
  "ndjson/Immunization.ndjson": "51315794a28bdff39dd7604c1903224b812661b2894e4fe4ebb016c18a452fa3",
  "ndjson/Location.ndjson": "6aa867525b08fd55930637eb25d5c0a5a3bef01dd77c683d22c3bd0f07281d2c",
  "ndjson/MedicationRequest.ndjson": "2083496c55bd26848ed2021aafc070fdab35e6a190dff42a4115c79d1a8780e5",
  "ndjson/Observation.ndjson": "96af7f796ffec93953ba3e148d7167032800ce348f0c5bed646b0d480f4f0c17",
  "ndjson/Organization.ndjson": "ec5502d9e0e90d21f4530abd405b4273a365d4607400c3f14ef0930708c40273",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "47e25ddaf3f57a3f7f4ef17583f2158938105d7ffe5e820debcc801752186373",
  "ndjson/PractitionerRole.ndjson": "532875faebbd050e32d7ace2deca052c49be942bf97c723e445ab67d294c19b6",
  "ndjson/Procedure.ndjson": "6a7098f3e75ecfd9d4987ce76d2da021ef8fd5898f08a7b444d0ad447f7330eb",
}
`

exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > first patient 1`] = `
Object {
  "active": true,
  "address": Array [
    Object {
      "city": "South Trishaport",
      "country": "US",
      "line": Array [
        "67809 7th Street",
      ],
      "postalCode": "82776",
      "state": "WY",
      "use": "home",
    },
  ],
  "birthDate": "2010-09-25",
  "communication": Array [
    Object {
      "language": Object {
        "coding": Array [
          Object {
            "code": "es",
            "display": "Spanish",
            "system": "urn:ietf:bcp:47",
          },
        ],
      },
      "preferred": true,
    },
  ],
  "extension": Array [
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2106-3",
            "display": "White",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "White",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
    },
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2186-5",
            "display": "Not Hispanic or Latino",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "Not Hispanic or Latino",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
    },
    Object {
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
      "valueCode": "M",
    },
  ],
  "gender": "male",
  "generalPractitioner": Array [
    Object {
      "display": "Gideon Konopelski",
      "reference": "Practitioner/209849cf-5387-46bd-a8de-ac36cb3b85ac",
    },
  ],
  "id": "5f91a0ea-6960-4154-8f00-70a753a683c2",
  "identifier": Array [
    Object {
      "system": "https://shoreline.invalid/fhir/sid/mrn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "MR",
            "display": "Medical Record Number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "use": "usual",
      "value": "MRN00000001",
    },
    Object {
      "system": "http://hl7.org/fhir/sid/us-ssn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "SS",
            "display": "Social Security number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "value": "999-08-6239",
    },
    Object {
      "system": "urn:ietf:rfc:3986",
      "value": "urn:uuid:5f91a0ea-6960-4154-8f00-70a753a683c2",
    },
  ],
  "managingOrganization": Object {
    "display": "Fort Kaylahstad Medical Center",
    "reference": "Organization/28e99aa1-a29f-436d-ac89-ba9f1bd16da5",
  },
  "maritalStatus": Object {
    "coding": Array [
      Object {
        "code": "S",
        "display": "Never Married",
        "system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
      },
    ],
  },
  "meta": Object {
    "profile": Array [
      "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient",
    ],
  },
  "name": Array [
    Object {
      "family": "Harris",
      "given": Array [
        "Henderson",
        "Sam",
      ],
      "use": "official",
    },
  ],
  "resourceType": "Patient",
  "telecom": Array [
    Object {
      "system": "phone",
      "use": "mobile",
      "value": "(885) 987-3834",
    },
    Object {
      "system": "email",
      "value": "henderson.harris90@example.com",
    },
  ],
}
`
