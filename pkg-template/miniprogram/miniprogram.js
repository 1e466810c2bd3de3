'use strict';
// WeChat's "build npm" copies this folder to miniprogram_npm/heartsocket/, where
// require('heartsocket/miniprogram') resolves to this file: the same module as require('heartsocket').
module.exports = require('./index.js');
