// EXPECT-NONE
int broken() {
  return 1 +;
}
