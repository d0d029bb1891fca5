import { describe, expect, it } from "vitest";
import { metaFromComments } from "../../src/io/headerMeta.js";

describe("metaFromComments", () => {
  it.each([
    [["69 M 1085 1629 x1", "Aldomet, Inderal"], { age: 69, sex: "M" }],
    [["-1 F 1000 1000 x1"], { sex: "F" }],
    [["? ? x1"], {}],
    [["age: 81", "sex: female"], { age: 81, sex: "F" }],
    [["Age: 84", "Sex: Male"], { age: 84, sex: "M" }],
    [["<age>: 51", "<sex>: F", "<diagnoses>:"], { age: 51, sex: "F" }],
    [["<age>: 25  <sex>: M  <diagnoses>: (none)  <medications>: (none)"], { age: 25, sex: "M" }],
    [["Reason for admission: Myocardial infarction"], {}],
  ])("reads %j", (comments, expected) => {
    const meta = metaFromComments(comments);
    expect({ age: meta.age, sex: meta.sex }).toEqual({ age: undefined, sex: undefined, ...expected });
    expect(meta.comments).toBe(comments);
  });
});
