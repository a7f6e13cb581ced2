/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "8febcd7495673de370704f6cb0bdb20beca84e3d7c4e5d1b81341c39027d19c4",
  "bundles/patient-000002.json": "193dfe852dfd92ad80529da01c9053610d738302727596d4ce8be0a3261b72d8",
  "bundles/patient-000003.json": "7aeb0fcbb7a91c2a9c513c31a264ea7651d097f2be808c34769ddf49dfeefb5c",
  "bundles/shared.json": "c9656a5bd45559cc7e7fb7b995f3cb521f30bce1ab83407c14cda7afa8b0d5df",
  "manifest.json": "4a2a5f75e556903a6e5c9b4a75deab6f2bcecc3e73cdd2bfcd38a0dde02ed3ef",
  "ndjson/AllergyIntolerance.ndjson": "f52c908e3d84a8902bfbc1333fa15b0e3c799f535122e7f18b129ce9da5d8e06",
  "ndjson/Condition.ndjson": "a8a47f8854e7efbf52804197b1cb545bf330850f0912ea6a0b9ebf7178220d00",
  "ndjson/DocumentReference.ndjson": "3b37754c24ec08ca869badf01eac7ac46295332a570f096b1fb8b92b41269813",
  "ndjson/Encounter.ndjson": "e04d17cf3a3816431579cc9bc97ce55f32ddcc7b5d0a45ef370cbd0dd154cc4e",
  "ndjson/Immunization.ndjson": "86a2bcbd65f893a307df9d532037e0631699ec03740369c0003368c97f7a84fe",
  "ndjson/Location.ndjson": "f1fa350ea06cf18ba8d3971a9bb4dc6fb481532e4fb611a231cff8318d9bd3e1",
  "ndjson/MedicationRequest.ndjson": "acf009dde1b53056615e399415dd61d2315e609ed19135a37a95685dc49a8556",
  "ndjson/Observation.ndjson": "f57b50037c66ec5d438a499cbeddc7f71678176ab687d80d3d05146867c7466a",
  "ndjson/Organization.ndjson": "715c6ba096553159488a361029e538ec8fffab849f753478feee6e03da5d671b",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "87e593196990ea1ae18373be41454c7950b79f9f2245c46175f52abd43a4ed52",
  "ndjson/PractitionerRole.ndjson": "e935888e629dc43ac65d57533ca958103ef5de32cbcdffe314b519e88623294c",
  "ndjson/Procedure.ndjson": "4c50df8e68c484c4a329531748d02773c11e4df4fb3dd4b8b83226af68da528b",
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
