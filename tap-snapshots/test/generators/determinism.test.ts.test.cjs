/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "3de4dea86ee5bd03eb069930be1779048c885ae1254e950e46bcbab3ac85479c",
  "bundles/patient-000002.json": "5469d9a359e49c65dce6a94bb097098736112f616444af413eeda7ea0dedca63",
  "bundles/patient-000003.json": "eba9cf825e3e4787f417fe32096daeded9fd8eae9b657c2a6ea7dbd2ad8b7f3b",
  "bundles/shared.json": "8fc44357e76824030c42acb3bf136fe874a06fd21aca6684f80044da2894859a",
  "manifest.json": "f7f310e2429125db3cb864e5cb52a9d20adbfcf02ba7fd6d55e2c0384f06aa9b",
  "ndjson/AllergyIntolerance.ndjson": "8d11c407609a3eb98bf13a6982cc3fb4afddb6e11a9587114716ec874b8bb6ac",
  "ndjson/CarePlan.ndjson": "43bf69559f905fe64652c03f6cbd8ba64c8a300ebc6ad41b5e87139a57401572",
  "ndjson/CareTeam.ndjson": "d460c48d2ea88ad3e9c0cc90b9dce746715741347c33e079bbaca2c029c3a340",
  "ndjson/Claim.ndjson": "45bd41b38add5240569b57ee6308a9fd8fb3c8ca1a0657b40865841e85752dfb",
  "ndjson/Condition.ndjson": "0b939bae3be7d0531cbc0148fd2c898d62cc59532f98f1af1ba8e224728d074a",
  "ndjson/Coverage.ndjson": "07cf410f9f6a493f4857197cdf36fc4179f1aab4ce4fe3cf97a251e0f7133523",
  "ndjson/DiagnosticReport.ndjson": "134e9eba00f6606a46c8a0d06f36b4c0b1d10498ab34ebaf82a765f49d4134fe",
  "ndjson/DocumentReference.ndjson": "b9cd569bd41884a223598f77d624af04b52cc95ab99d741a8aaef4abd5e5dcab",
  "ndjson/Encounter.ndjson": "295073501c6a15069a9d2d3ac14cea7ef6c2ace48faf66ad1dc7aa0f272b93cc",
  "ndjson/ExplanationOfBenefit.ndjson": "6cfd01267ba6377909b39df0993105aa028734917974a6c2934ad33f805372e3",
  "ndjson/Goal.ndjson": "03045901b7f85dfd4db33feec566458401b52965e8c25ca8923515f3fe0c0d34",
  "ndjson/Immunization.ndjson": "7622df2c2794e3b21252bd4b0211e0fc5f599991b70d519860891dec254c4127",
  "ndjson/Location.ndjson": "fd1b4d7e125b786eb3251cacf026f98f3101db1793b794659f9dcb2fe2c6b7e0",
  "ndjson/Medication.ndjson": "0a5a5fb7c6beed77a1f6d401f00a5052c9261485f57b1b4e789cdcfd2ffe3b15",
  "ndjson/MedicationRequest.ndjson": "c0874c16079c0ffd8b5f94a1380f938f2634ba07d2d7f6468032a4ed3c5dadf0",
  "ndjson/Observation.ndjson": "a2c73402150f428e298e62f28b933b25ad64f13ba12b18dfddbe822a7fa24a05",
  "ndjson/Organization.ndjson": "c6ed5cc66c09e0f37c5318253b56ae4ec397c378d428bcf1c3b586e538cbf960",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "47e25ddaf3f57a3f7f4ef17583f2158938105d7ffe5e820debcc801752186373",
  "ndjson/PractitionerRole.ndjson": "1adae0d114f3e4a16755cd0dbd6dd557b78c779742002821b0a0494e92675c76",
  "ndjson/Procedure.ndjson": "9d9f2014e54f8566c3dccf81baaf8013310d34c9d2859e4ef3b4cf79d2b0651c",
  "ndjson/Provenance.ndjson": "4cdf3f2d2d20e91a641d6e18aee9958466288960308d0152352abf13c09be624",
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
