// Ambient declarations a Taro project normally gets from its template.
declare module '*.css';
