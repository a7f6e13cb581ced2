/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "bceda7f9efb0a3babb19dc3f1b57d5324210a56c1353cf18fbdd4ab7e887deae",
  "bundles/patient-000002.json": "e0c02a6b6644a4ca963af4f863c71fc74112356fe3c6cb7942f073c745c842a3",
  "bundles/patient-000003.json": "00b51c1b6619739271b13017ef75a041d24c3df4226aad261ac6b1a68351b117",
  "bundles/shared.json": "2eaf5d7c44e8b0217c91ca7b359e29d9cc53e478e65e00fd9814490adf9f34f3",
  "manifest.json": "f3430e46edd2ec94bb7fe101f1a0ba38b05460da30c56ce46a0f06b04f821983",
  "ndjson/AllergyIntolerance.ndjson": "9fcbdcde27db97f2ac17afb60d1435d91c0729d52dc5ef294c115d7db74d7b56",
  "ndjson/CarePlan.ndjson": "78f900e0c9af2988ef99118f538370c87afa52d2e23a0e4cbad15a6930f2724a",
  "ndjson/CareTeam.ndjson": "ffc7b96c1c2ef0d07880e9906928283ac35db676bed7e95f86e481936ebf6b9e",
  "ndjson/Claim.ndjson": "0cbef6c7e6fcf566595dc9dd0f409e2796c0eb585eaab32645318cb3217c68a5",
  "ndjson/Condition.ndjson": "5b0a86d202f26ebf7c86ad5ad11fec5e2bef01f8a78738a7528a92258862c31e",
  "ndjson/Coverage.ndjson": "e0c3c2b949bfbb7e7714a5ee138035ddf4729a0c100edcefcdae2559aab59621",
  "ndjson/DiagnosticReport.ndjson": "45126eba30950be0f7d952746a93958821675146ce8fbad1db13c3ad75dc6c6d",
  "ndjson/DocumentReference.ndjson": "2d4b9eea88f7868376cb08900c0df0cb4f263d127cf98810f0aa4da96230b8a2",
  "ndjson/Encounter.ndjson": "91476c419111ae0056f6cf690a3244a39b1976dbcd1823bf48c58a5a01d7e9e5",
  "ndjson/ExplanationOfBenefit.ndjson": "2c83479e89fdaf68ea27adaf7b0962887e65df020d0653b5ba8f8b89254d0200",
  "ndjson/Goal.ndjson": "a0ab832165a27a2decbd896efd8bfeb3f70c0042e5be2142ab26b5c64d60f279",
  "ndjson/Immunization.ndjson": "c0fa5f2cabd24ea58bc823f33240caa2939fec176dabe12d53577d1e7b99bd67",
  "ndjson/Location.ndjson": "6aa867525b08fd55930637eb25d5c0a5a3bef01dd77c683d22c3bd0f07281d2c",
  "ndjson/MedicationRequest.ndjson": "19cf91cd505209577c068f99c8215ed8835b289150c68d339cca81136f729f40",
  "ndjson/Observation.ndjson": "db8943bd749ddf4c1f0372ec319cc9b5329e9a0383201c32611af18f929aa8b1",
  "ndjson/Organization.ndjson": "c6ed5cc66c09e0f37c5318253b56ae4ec397c378d428bcf1c3b586e538cbf960",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "47e25ddaf3f57a3f7f4ef17583f2158938105d7ffe5e820debcc801752186373",
  "ndjson/PractitionerRole.ndjson": "532875faebbd050e32d7ace2deca052c49be942bf97c723e445ab67d294c19b6",
  "ndjson/Procedure.ndjson": "1d1d237264b935b5b6d243e494a40fcbc4a945766e33df04c0cec0a21e588e85",
  "ndjson/Provenance.ndjson": "9512b36e92fe33eb0e4b74807c0cbf14eb2b977fd4a474f2c50d9141c6706dd8",
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
