/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "7ade1099b03be61fe4ca544435d3c62b28b7d6a7725b449ff01981e0ddc0ed3e",
  "bundles/patient-000002.json": "53116e547069059c0a9005760a48e23e04e93a454eb0fb6550ebfd002183a0cd",
  "bundles/patient-000003.json": "1d9ff9a1da24fadef5ddd2e197e88f1c8c53e7ca2e1f2c55506607cef75907c9",
  "bundles/shared.json": "c9656a5bd45559cc7e7fb7b995f3cb521f30bce1ab83407c14cda7afa8b0d5df",
  "manifest.json": "8eacad2f20e288ad1e243b70aeeb0152b064c13e15afa4fc4237024b246c5eea",
  "ndjson/AllergyIntolerance.ndjson": "310e7513e7b9393dde63e1223e4690d09cc764a54dbfc4fccacee473be6943f7",
  "ndjson/Condition.ndjson": "7abaf5fc0a3cb7d95bb3649ea9e5f3b001f73f480f1aae1af0f5951e7c0132e8",
  "ndjson/DocumentReference.ndjson": "2d56ba16c66d103e83aa3db8216db96baa5dcc1f1172bc68b645f539208f9c4d",
  "ndjson/Encounter.ndjson": "bb38377a120e0a1fda6322121d32b3d60576a0edf2898028ecd8d26cc2476135",
  "ndjson/Immunization.ndjson": "d0a561cbaf454a69076eacaf158ee267e69331b5cada95d3d67f9d08791893ed",
  "ndjson/Location.ndjson": "f1fa350ea06cf18ba8d3971a9bb4dc6fb481532e4fb611a231cff8318d9bd3e1",
  "ndjson/MedicationRequest.ndjson": "e8c43f6bcd2b234342816ec059a71941431ee12ecda740f95d8c892133ee9a03",
  "ndjson/Observation.ndjson": "fb71b7bfe94f28250a80442bc869c811c8660b2f375e4899d7394ef42c533337",
  "ndjson/Organization.ndjson": "715c6ba096553159488a361029e538ec8fffab849f753478feee6e03da5d671b",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "87e593196990ea1ae18373be41454c7950b79f9f2245c46175f52abd43a4ed52",
  "ndjson/PractitionerRole.ndjson": "e935888e629dc43ac65d57533ca958103ef5de32cbcdffe314b519e88623294c",
  "ndjson/Procedure.ndjson": "74917369f6090146723c1bba64dd5836b2ad1fb81594cb3fd2ef324f15a74c8a",
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
