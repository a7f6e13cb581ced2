/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "5fa3329e1a9d2a468199086292f82216282d80ce207c75b628a29b9dd45aba53",
  "bundles/patient-000002.json": "66b96065e88717fdf6b305951377f81d367b74fd65619440f5e9740c711e3300",
  "bundles/patient-000003.json": "91473c2b806126294f211a2102b09bbb98e86bfa4e2dc33e40784ec70cf1cdc7",
  "bundles/shared.json": "2eaf5d7c44e8b0217c91ca7b359e29d9cc53e478e65e00fd9814490adf9f34f3",
  "manifest.json": "05c04f8cae3c5a70d31371c075b00e49bd8de516332686f9473159b0919bdca7",
  "ndjson/AllergyIntolerance.ndjson": "f9ac07bc07699ec8e73bb0bc4b40801693c698d1354bee7ecff7bef007f88042",
  "ndjson/CarePlan.ndjson": "c831ee260d4e0b5369550418a75ff992f3ca3aaf6f229688e254926adf73ce23",
  "ndjson/CareTeam.ndjson": "a97449a98c5b4760eda90f83168253fbdbbd4afe9ba64443e8f278dc95b48840",
  "ndjson/Claim.ndjson": "f20e18a4d21fd09b97e6a80d99d2c4f83ef1f77cc5cc6b80d576215d800a81dc",
  "ndjson/Condition.ndjson": "e60f7abbeed09daf868deaafc0e36423db41ba8cebf3aa4c8223093cba9a683c",
  "ndjson/Coverage.ndjson": "1e6362a95a54362b0be27e769ff92f4699bda73766fdf1f29af117da1f91d159",
  "ndjson/DocumentReference.ndjson": "3aa644633193957f5c8e3dd24ca8fd33d398ad9d0f761e3db9c4482203c2ad02",
  "ndjson/Encounter.ndjson": "d0dfcc545c3b57545057289d7136b53d88464dc3603fea7bb87155b0ebde0007",
  "ndjson/ExplanationOfBenefit.ndjson": "202b778ca49ba002a44b1ed1c5c2c8355d152fdbc11007c6326658895c15af1f",
  "ndjson/Goal.ndjson": "6895fb7aebb0b60785aa5e16b9bf969970e24ad74c1f39292221869122c6dc82",
  "ndjson/Immunization.ndjson": "2aa4f969ca8b4054919ce6f4263b6079608f95a4bfc556222421bf6535bf0bd4",
  "ndjson/Location.ndjson": "6aa867525b08fd55930637eb25d5c0a5a3bef01dd77c683d22c3bd0f07281d2c",
  "ndjson/MedicationRequest.ndjson": "4491bb6f393b66fe81920aafa5b530ccd2b587f11f51ac97c17242c22a06e330",
  "ndjson/Observation.ndjson": "ba6ee57bef2171d1465dd89ff4a4b470ab8179367d87f9e6c1dd9757d594598b",
  "ndjson/Organization.ndjson": "c6ed5cc66c09e0f37c5318253b56ae4ec397c378d428bcf1c3b586e538cbf960",
  "ndjson/Patient.ndjson": "694c468db4ed16da61d280c552d5705c17ca78b2183f1788f31ad4ee0a60f224",
  "ndjson/Practitioner.ndjson": "47e25ddaf3f57a3f7f4ef17583f2158938105d7ffe5e820debcc801752186373",
  "ndjson/PractitionerRole.ndjson": "532875faebbd050e32d7ace2deca052c49be942bf97c723e445ab67d294c19b6",
  "ndjson/Procedure.ndjson": "faf23e3cea163a9d77e806b9554302109e810f696667b6f0879c126791780dc7",
  "ndjson/Provenance.ndjson": "5280c8cad58bf9fdc00bc1b668ebe0c455d4211ffa57a106d103ce0f5db152c1",
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
