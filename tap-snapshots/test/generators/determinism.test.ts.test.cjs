/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "d0c8cec46cb57357ba962b98f3315578257d0184a3bd2593d3bd4bc7a730811e",
  "bundles/patient-000002.json": "eb77e59009cbdcdc189892cba3068575a337cc83507838ef705a9503d06ed4cb",
  "bundles/patient-000003.json": "d37087dd1ac00c8b01bbd2e6ac5c85bc92467c01941c209e434bbe8cc6a01c8c",
  "bundles/shared.json": "e0f3f8e0ac283051d7d3b948ebfea49467f09bd38c5bd6b75a2484d6c8060e1b",
  "manifest.json": "f76417692652d4a2e459e7ebfe97a36d7fc51a7dcef2a6c0b01c53da6525cd9b",
  "ndjson/AllergyIntolerance.ndjson": "ecfd27ea08f078c216c817cb70082c663ee56c25c59bf9e598a563160e56a6be",
  "ndjson/Condition.ndjson": "bac106ffa26d091e37b933342176cfed7b462970ea5c16f40be440686e537731",
  "ndjson/DiagnosticReport.ndjson": "e47891894f5d1984ce2e2bd023fca14cd096b8b0aaa55c5d16a92868cf021b95",
  "ndjson/DocumentReference.ndjson": "3d3d610ea4d95ff9b674607746172850a4fe12805d96dc766b9c6db7ffa5e31c",
  "ndjson/Encounter.ndjson": "02aa6b3c711bc9c79d97c98915215c802bd0c6f75d076410a32b07e63c92e4ac",
  "ndjson/Immunization.ndjson": "3bccf20791d25ceb04737453c8dff595f0b271d8ce5bc38199fddadbe880358b",
  "ndjson/Location.ndjson": "ada5ad1846a98918f21bd8f6fcd42455e9599ebd9bd42d8ba666f02358bc7cfa",
  "ndjson/MedicationRequest.ndjson": "3415728ca7e6b0162edbc8a6cf2ebf1e34c903cd6c8d954eea62643f788c5cbe",
  "ndjson/Observation.ndjson": "6945e9bd51d169b6e4c3164213083b201fbd09689a075f690c7b65e0f1f5189a",
  "ndjson/Organization.ndjson": "ead1f6f70d72509ed5f6d6778d7606b12b6c7906f817922feb2958850730fe3d",
  "ndjson/Patient.ndjson": "d95b3808358c4d868e8c15aebdd3724a26fc2442c4e1af63f0dd18395e90421a",
  "ndjson/Practitioner.ndjson": "523ebda0f2da106ffd4bf9111dd5d390f04c5fcae0acb9814ffb177b5ea5488b",
  "ndjson/PractitionerRole.ndjson": "e935888e629dc43ac65d57533ca958103ef5de32cbcdffe314b519e88623294c",
  "ndjson/Procedure.ndjson": "c4e9e12a1f87ae970c35b6f614deb92a07f0bf0b7ea4ccbce367250427126617",
}
`

exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > first patient 1`] = `
Object {
  "active": true,
  "address": Array [
    Object {
      "city": "Fort Damaris",
      "country": "US",
      "line": Array [
        "859 S Jefferson Street",
      ],
      "postalCode": "83018",
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
      "display": "Germaine Mertz",
      "reference": "Practitioner/5fe1c8d7-8ccd-4848-8748-e0add2bb3c6d",
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
      "value": "999-53-5859",
    },
    Object {
      "system": "urn:ietf:rfc:3986",
      "value": "urn:uuid:5f91a0ea-6960-4154-8f00-70a753a683c2",
    },
  ],
  "managingOrganization": Object {
    "display": "Daphneytown Family Health",
    "reference": "Organization/72d58fea-d63f-4e66-aab6-d945b8e1bc8c",
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
      "value": "(901) 515-9460",
    },
    Object {
      "system": "email",
      "value": "henderson_harris61@example.com",
    },
  ],
}
`
