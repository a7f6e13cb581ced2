/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "533175f7d40438cc3968fe9fd04a336a71c653e0801d477dd1cc83bbd7613c4d",
  "bundles/patient-000002.json": "e0ff120c0257d512db5b4c8559645bd666112700d1be5b369e14402745155418",
  "bundles/patient-000003.json": "32cde8df548f128edbe5b725551f6f0c824dc18a0c5420a6c9721d784b62fac9",
  "bundles/shared.json": "c9656a5bd45559cc7e7fb7b995f3cb521f30bce1ab83407c14cda7afa8b0d5df",
  "manifest.json": "0456b41df4c9eab4693ea117c971ad8db8fbe8c9cf40f9c30b93ec0fdbdb9afd",
  "ndjson/AllergyIntolerance.ndjson": "228126563c11d370aaadf339a177ca22547b045feaae36143cdc04bb399d6889",
  "ndjson/Condition.ndjson": "d1243f7269efe08a7892679c67ca9041a53ed0c401e820f239d6d85e60604be5",
  "ndjson/DiagnosticReport.ndjson": "16981a31d443b3609cdae8278d768f0ea01bac401d12643d7cead430bd30e94a",
  "ndjson/DocumentReference.ndjson": "89a77c2abc5c7e93db24f51ffd9731a299da4c1bd178d7d26a47b6e1be93ca21",
  "ndjson/Encounter.ndjson": "561163d51d2916134bd0efc747cbc22075ef12170d848ab60b87aa38348fbb78",
  "ndjson/Immunization.ndjson": "22426b3b91c4e0181c33e436e1f502e64743e8347347d092c387a17116734855",
  "ndjson/Location.ndjson": "f1fa350ea06cf18ba8d3971a9bb4dc6fb481532e4fb611a231cff8318d9bd3e1",
  "ndjson/MedicationRequest.ndjson": "32271377d47ebdc248a6f9d871ff402f413528ed93ebc441ef94ca7262213b82",
  "ndjson/Observation.ndjson": "75409c4c0d965451dcdc23d1c623d5f980cf1318b62dbf0609a5f412ce79ecc3",
  "ndjson/Organization.ndjson": "715c6ba096553159488a361029e538ec8fffab849f753478feee6e03da5d671b",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "87e593196990ea1ae18373be41454c7950b79f9f2245c46175f52abd43a4ed52",
  "ndjson/PractitionerRole.ndjson": "e935888e629dc43ac65d57533ca958103ef5de32cbcdffe314b519e88623294c",
  "ndjson/Procedure.ndjson": "d7b6f3665079d08797845ab22380810cb968cf8e9f4cdf7ea0d164ea312f40df",
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
